using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.Runtime.DnsRebinding;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using ModelContextProtocol.AspNetCore;

namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>
/// What the chart gives the bridge container is what the bridge reads: every <c>Bridge:...</c> key binds to a
/// property of <see cref="BridgeOptions"/>, the bridge's own validation passes, and RBAC names the Secret it reads.
/// </summary>
[Collection(HelmCollection.Name)]
public sealed class BridgeConfigurationTests(HelmFixture helm)
{
    private const string Bridge = "dynamo-mcp-bridge";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string[]> ValueSets() => new()
    {
        Array.Empty<string>(),
        new[] { "--values", "everything on" },
        new[] { "--set", "bridge.sessionMode=stateful,bridge.legacySse=false,bridge.rateLimit.enabled=false" },
        new[] { "--set", "bridge.oidc.enabled=true,bridge.oidc.authority=https://idp.example.com,bridge.oidc.audience=mcp" },
    };

    private string[] Resolve(string[] args) => [.. args.Select(a => a == "everything on" ? helm.EverythingOnValues : a)];

    private async Task<(RenderedManifests Manifests, V1Container Container, IConfigurationRoot Configuration)> RenderAsync(string[] args)
    {
        var manifests = await helm.RenderAsync(Resolve(args), Ct);
        var container = manifests.Single<V1Deployment>("Deployment", Bridge).Spec.Template.Spec.Containers.Single();
        return (manifests, container, ContainerConfiguration.Build(container, HelmFixture.Namespace, manifests.All<V1Secret>("Secret")));
    }

    /// <summary>Binds as the bridge does, but refuses keys that match no property instead of ignoring them.</summary>
    private static BridgeOptions BindStrictly(IConfiguration configuration) =>
        configuration.GetSection(BridgeOptions.SectionName).Get<BridgeOptions>(o => o.ErrorOnUnknownConfiguration = true)
        ?? throw new InvalidOperationException("the chart renders no Bridge settings at all");

    /// <summary>The options the bridge would start with, through its own registration and validation.</summary>
    private static BridgeOptions ValidatedOptions(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDynamoMcpBridge(configuration, new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<BridgeOptions>>().Value;
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Every_bridge_key_the_chart_renders_is_a_bridge_option_and_passes_its_validation(string[] args)
    {
        var (_, _, configuration) = await RenderAsync(args);

        var keys = configuration.AsEnumerable().Select(p => p.Key).Where(k => k.StartsWith("Bridge:", StringComparison.OrdinalIgnoreCase)).ToList();
        keys.Should().Contain("Bridge:Auth:ApiKeySecretName");
        var bind = () => BindStrictly(configuration);
        bind.Should().NotThrow("every key under Bridge must match a property of BridgeOptions; rendered: " + string.Join(", ", keys));
        var validate = () => ValidatedOptions(configuration);
        validate.Should().NotThrow("the bridge validates its options at start-up");
    }

    [Fact]
    public async Task The_gateway_session_key_comes_from_a_generated_secret_or_the_one_named()
    {
        var (manifests, container, configuration) = await RenderAsync([]);

        var secret = manifests.Single<V1Secret>("Secret", Bridge + "-gateway");
        var key = Convert.FromBase64String(System.Text.Encoding.UTF8.GetString(secret.Data["session-key"]));
        key.Should().HaveCount(32, "32 random bytes, base64 in the Secret's value");
        container.Env.Single(e => e.Name == "Bridge__Gateway__SessionKey").ValueFrom.SecretKeyRef.Name.Should().Be(secret.Metadata.Name);
        ValidatedOptions(configuration).Gateway.SessionKey.Should().Be(Convert.ToBase64String(key));

        var named = await helm.RenderAsync(["--set", "bridge.gateway.sessionKeySecretName=my-gateway-key"], Ct);
        var namedContainer = named.Single<V1Deployment>("Deployment", Bridge).Spec.Template.Spec.Containers.Single();
        named.OfKind("Secret").Should().NotContain(d => d.Name == Bridge + "-gateway", "a named Secret is the user's");
        namedContainer.Env.Single(e => e.Name == "Bridge__Gateway__SessionKey").ValueFrom.SecretKeyRef.Name.Should().Be("my-gateway-key");

        var off = await helm.RenderAsync(["--set", "bridge.gateway.enabled=false"], Ct);
        var offContainer = off.Single<V1Deployment>("Deployment", Bridge).Spec.Template.Spec.Containers.Single();
        off.OfKind("Secret").Should().NotContain(d => d.Name == Bridge + "-gateway");
        offContainer.Env.Should().NotContain(e => e.Name == "Bridge__Gateway__SessionKey");
    }

    [Fact]
    public async Task A_key_the_bridge_does_not_read_is_caught()
    {
        // The check above must fail on the kind of drift it exists for.
        var (_, _, configuration) = await RenderAsync(
            ["--set", "bridge.extraEnv[0].name=Bridge__RateLimit__PerMinute,bridge.extraEnv[0].value=120"]);

        var bind = () => BindStrictly(configuration);

        bind.Should().Throw<InvalidOperationException>().WithMessage("*PerMinute*");
    }

    [Fact]
    public async Task Stateless_mode_turns_legacy_sse_off_so_the_bridge_starts()
    {
        var (_, _, configuration) = await RenderAsync([]);

        var options = ValidatedOptions(configuration);

        options.SessionMode.Should().Be(HttpServerSessionMode.Stateless, "the default sessionMode is stateless");
        options.EnableLegacySse.Should().BeFalse();
    }

    [Theory]
    [InlineData("stateful", true, true, HttpServerSessionMode.Stateful)]
    [InlineData("stateful", false, false, HttpServerSessionMode.Stateful)]
    [InlineData("hybrid", true, true, HttpServerSessionMode.StatefulForInitializeClients)]
    [InlineData("hybrid", false, false, HttpServerSessionMode.StatefulForInitializeClients)]
    [InlineData("stateless", true, false, HttpServerSessionMode.Stateless)]
    public async Task Session_mode_and_legacy_sse_reach_the_bridge(string sessionMode, bool legacySse, bool expectedSse, HttpServerSessionMode expectedMode)
    {
        var (_, _, configuration) = await RenderAsync(["--set", $"bridge.sessionMode={sessionMode},bridge.legacySse={legacySse.ToString().ToLowerInvariant()}"]);

        var options = ValidatedOptions(configuration);

        options.SessionMode.Should().Be(expectedMode);
        options.EnableLegacySse.Should().Be(expectedSse);
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Rbac_lets_the_bridge_read_exactly_the_api_key_secret_it_is_configured_with(string[] args)
    {
        var (manifests, _, configuration) = await RenderAsync(args);
        var options = ValidatedOptions(configuration);

        options.Auth.Enabled.Should().BeTrue("a bridge in a cluster must authenticate callers");
        options.BridgeNamespace.Should().Be(HelmFixture.Namespace);
        var role = manifests.Single<V1Role>("Role", $"{Bridge}-api-keys");
        role.Metadata.NamespaceProperty.Should().Be(options.BridgeNamespace);
        role.Rules.Should().ContainSingle(r => r.Resources.Contains("secrets"))
            .Which.ResourceNames.Should().Equal(options.Auth.ApiKeySecretName);
    }

    [Fact]
    public async Task Everything_on_values_land_in_the_bridge_options()
    {
        var (_, container, configuration) = await RenderAsync(["--values", "everything on"]);

        var options = ValidatedOptions(configuration);

        options.SessionMode.Should().Be(HttpServerSessionMode.Stateful);
        options.EnableLegacySse.Should().BeTrue();
        options.Auth.ApiKeySecretName.Should().Be("mcp-api-keys");
        options.Auth.Jwt.Enabled.Should().BeTrue();
        options.Auth.Jwt.Authority.Should().Be(new Uri("https://login.example.com/realms/dev"));
        options.Auth.Jwt.Audience.Should().Be("dynamo-mcp");
        options.Auth.Jwt.NamespaceClaim.Should().Be("tenant");
        options.Auth.Jwt.UserClaim.Should().Be("preferred_username");
        options.Auth.Jwt.GroupsClaim.Should().Be("roles");
        options.Auth.Jwt.UserPrefix.Should().Be("dynamo-mcp:");
        options.Auth.Jwt.GroupsPrefix.Should().Be("dynamo-mcp:");
        options.Auth.AuthorizationServers.Should().Equal(new Uri("https://login.example.com/realms/dev"));
        options.RateLimit.Enabled.Should().BeTrue();
        options.RateLimit.TokenLimit.Should().Be(20);
        options.RateLimit.TokensPerPeriod.Should().Be(5);
        options.RateLimit.ReplenishmentPeriod.Should().Be(TimeSpan.FromSeconds(90));
        options.Catalog.ConfigMapName.Should().Be("template-catalog");
        options.Catalog.ConfigMapKey.Should().Be("catalog.yaml");
        options.ToolDeadline.Should().Be(TimeSpan.FromMinutes(5), "extraEnv is layered in the same way");
        options.AllowedHosts.Should().Equal(
            Bridge, $"{Bridge}.{HelmFixture.Namespace}", $"{Bridge}.{HelmFixture.Namespace}.svc", $"{Bridge}.{HelmFixture.Namespace}.svc.corp.internal",
            "mcp.example.com", "*.mcp.example.com");
        options.AllowedOrigins.Should().Equal("https://console.example.com");
        configuration["Logging:LogLevel:Default"].Should().Be("Warning");
    }

    [Fact]
    public async Task Default_values_keep_the_bridge_defaults_where_the_chart_has_no_opinion()
    {
        var (_, _, configuration) = await RenderAsync([]);

        var options = ValidatedOptions(configuration);
        var defaults = new BridgeOptions();

        options.Auth.ApiKeySecretName.Should().Be("dynamo-mcp-bridge-api-keys");
        options.Auth.Jwt.Enabled.Should().BeFalse();
        options.RateLimit.Should().BeEquivalentTo(defaults.RateLimit, "values.yaml repeats the bridge's rate-limit defaults");
        options.Catalog.ConfigMapName.Should().BeNull();
        options.ToolDeadline.Should().Be(defaults.ToolDeadline);
    }

    [Fact]
    public async Task By_default_the_bridge_answers_to_its_service_names_and_ip_addresses_only()
    {
        var (_, _, configuration) = await RenderAsync([]);
        var options = ValidatedOptions(configuration);
        var policy = HostOriginPolicy.Create(options.AllowedHosts, options.AllowedOrigins);

        options.AllowedHosts.Should().Equal(
            Bridge, $"{Bridge}.{HelmFixture.Namespace}", $"{Bridge}.{HelmFixture.Namespace}.svc", $"{Bridge}.{HelmFixture.Namespace}.svc.cluster.local");
        options.AllowedOrigins.Should().BeEmpty();
        foreach (var host in options.AllowedHosts.Select(h => h + ":80").Append("10.42.0.17:8080"))
        {
            policy.Evaluate(host, StringValues.Empty, loopbackConnection: false).IsAllowed.Should().BeTrue($"{host}: a client in the cluster or a probe");
        }

        policy.Evaluate("localhost:8080", StringValues.Empty, loopbackConnection: true).IsAllowed.Should().BeTrue("kubectl port-forward arrives on the pod's loopback");
        policy.Evaluate("mcp.example.com", StringValues.Empty, loopbackConnection: false).Header.Should().Be(RefusedHeader.Host);
    }

    [Fact]
    public async Task Allowed_hosts_and_origins_reach_the_bridge_after_its_service_names()
    {
        var (_, _, configuration) = await RenderAsync(
            ["--set", "clusterDomain=corp.internal,bridge.allowedHosts={mcp.example.com,*.tenants.example.com},bridge.allowedOrigins={https://console.example.com}"]);
        var options = ValidatedOptions(configuration);
        var policy = HostOriginPolicy.Create(options.AllowedHosts, options.AllowedOrigins);

        options.AllowedHosts.Should().Equal(
            Bridge, $"{Bridge}.{HelmFixture.Namespace}", $"{Bridge}.{HelmFixture.Namespace}.svc", $"{Bridge}.{HelmFixture.Namespace}.svc.corp.internal",
            "mcp.example.com", "*.tenants.example.com");
        options.AllowedOrigins.Should().Equal("https://console.example.com");
        policy.Evaluate("mcp.example.com", "https://console.example.com", loopbackConnection: false).IsAllowed.Should().BeTrue();
        policy.Evaluate("team-a.tenants.example.com", StringValues.Empty, loopbackConnection: false).IsAllowed.Should().BeTrue();
        policy.Evaluate("mcp.example.com", "https://evil.example.com", loopbackConnection: false).Header.Should().Be(RefusedHeader.Origin);
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task The_bridge_listens_on_the_container_port_its_probes_and_service_use(string[] args)
    {
        var (manifests, container, _) = await RenderAsync(args);

        var httpPorts = container.Env.Single(e => e.Name == "ASPNETCORE_HTTP_PORTS").Value;
        container.Env.Should().NotContain(e => e.Name == "ASPNETCORE_URLS" || e.Name == "URLS", "URLS would override HTTP_PORTS");
        (container.Args ?? []).Should().NotContain(a => a.StartsWith("--urls", StringComparison.OrdinalIgnoreCase));
        var port = container.Ports.Should().ContainSingle(p => p.Name == "http").Which;
        httpPorts.Should().Be(port.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var probe in new[] { container.StartupProbe, container.LivenessProbe, container.ReadinessProbe })
        {
            probe.HttpGet.Port.Value.Should().Be("http");
        }

        manifests.Single<V1Service>("Service", Bridge).Spec.Ports.Should().ContainSingle(p => p.TargetPort.Value == "http");
    }

    [Fact]
    public async Task Probe_and_scrape_paths_are_routes_the_bridge_maps()
    {
        var (manifests, container, configuration) = await RenderAsync(["--values", "everything on"]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddDynamoMcpBridge(builder.Configuration, new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        await using var app = builder.Build();
        app.MapDynamoMcpBridge();

        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText?.Trim('/')).ToHashSet();

        routes.Should().Contain([container.StartupProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Path]);
        var serviceMonitor = manifests.OfKind("ServiceMonitor").Single(d => d.Name == Bridge);
        var scrapePaths = System.Text.RegularExpressions.Regex.Matches(serviceMonitor.Yaml, @"\bpath:\s*(\S+)").Select(m => m.Groups[1].Value).ToList();
        scrapePaths.Should().NotBeEmpty();
        routes.Should().Contain(scrapePaths, "the ServiceMonitor scrapes these");
        routes.Should().Contain(["/mcp", "/sse"], "stateful mode with legacy SSE serves both transports");
    }

    [Fact]
    public async Task The_sample_catalog_ships_as_a_configmap_the_bridge_is_pointed_at_and_can_parse()
    {
        var catalogName = HelmFixture.ReleaseName + "-template-catalog";
        var (manifests, _, configuration) = await RenderAsync(["--set", "bridge.catalog.samples=true"]);
        var map = manifests.Single<V1ConfigMap>("ConfigMap", catalogName);
        var text = map.Data["catalog.yaml"];
        text.Should().Be(File.ReadAllText(Path.Combine(helm.RepoRoot, "config", "catalog", "templates.yaml")));
        DynamoMcp.McpBridge.Catalog.TemplateCatalog.Parse(text, "the chart").Select(e => e.Name).Should().Contain(["pypackage", "django"]);
        BindStrictly(configuration).Catalog.ConfigMapName.Should().Be(catalogName);

        // Your own catalog wins, and then the samples are not shipped.
        var (own, _, ownConfiguration) = await RenderAsync(["--set", "bridge.catalog.samples=true,bridge.catalog.configMapName=ours"]);
        own.All<V1ConfigMap>("ConfigMap").Select(m => m.Metadata.Name).Should().NotContain(catalogName);
        BindStrictly(ownConfiguration).Catalog.ConfigMapName.Should().Be("ours");

        var (none, _, noneConfiguration) = await RenderAsync([]);
        none.All<V1ConfigMap>("ConfigMap").Select(m => m.Metadata.Name).Should().NotContain(catalogName);
        BindStrictly(noneConfiguration).Catalog.ConfigMapName.Should().BeNull();
    }

    [Fact]
    public void The_chart_copy_of_the_catalog_equals_config_catalog() =>
        File.ReadAllText(Path.Combine(helm.ChartPath, "files", "catalog.yaml")).Should().Be(
            File.ReadAllText(Path.Combine(helm.RepoRoot, "config", "catalog", "templates.yaml")),
            "charts/dynamo-mcp/files/catalog.yaml is a copy (Helm reads only files inside the chart): cp config/catalog/templates.yaml charts/dynamo-mcp/files/catalog.yaml");
}
