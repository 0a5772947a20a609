using DynamoMcp.Operator.Cli;
using DynamoMcp.Operator.Hosting;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>
/// The operator container's args parse with the operator's real command line, and the values land in the options
/// <c>run</c> acts on; the leader-election RBAC names the Lease the operator takes.
/// </summary>
[Collection(HelmCollection.Name)]
public sealed class OperatorArgumentsTests(HelmFixture helm)
{
    private const string Operator = "dynamo-mcp-operator";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string[]> ValueSets() => new()
    {
        Array.Empty<string>(),
        new[] { "--values", "everything on" },
        new[] { "--set", "operator.replicas=2,sandbox.runtimeClassName=kata,sandbox.resources.limits.cpu=0.5,sandbox.resources.requests.cpu=0.25" },
    };

    private async Task<(RenderedManifests Manifests, V1Container Container, OperatorRunOptions Options)> RenderAsync(string[] args)
    {
        var manifests = await helm.RenderAsync([.. args.Select(a => a == "everything on" ? helm.EverythingOnValues : a)], Ct);
        var container = manifests.Single<V1Deployment>("Deployment", Operator).Spec.Template.Spec.Containers.Single();
        var parse = OperatorCommandLine.Build().Parse(container.Args.ToArray());
        parse.Errors.Select(e => e.Message).Should().BeEmpty($"the operator must accept the chart's args: {string.Join(' ', container.Args)}");
        parse.CommandResult.Command.Name.Should().Be("run");
        return (manifests, container, OperatorCommandLine.ReadRunOptions(parse));
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task The_rendered_args_parse_and_the_sandbox_settings_pass_validation(string[] args)
    {
        var (_, _, options) = await RenderAsync(args);

        options.Sandbox.Validate();
        foreach (var (name, limit) in options.Sandbox.Resources.Limits)
        {
            if (options.Sandbox.Resources.Requests.TryGetValue(name, out var request))
            {
                request.ToDecimal().Should().BeLessThanOrEqualTo(limit.ToDecimal(), $"the {name} request must fit its limit");
            }
        }
    }

    [Fact]
    public async Task Everything_on_values_land_in_the_run_options()
    {
        var (_, _, options) = await RenderAsync(["--values", "everything on"]);

        options.LeaderElect.Should().BeTrue();
        options.LeaderElectionNamespace.Should().Be(HelmFixture.Namespace);
        options.HttpAddress.Should().Be("http://0.0.0.0:8080");
        options.MaxConcurrentReconciles.Should().Be(8);
        options.Namespaces.Should().Equal("team-a", "team-b");
        var sandbox = options.Sandbox;
        sandbox.Image.Should().StartWith("ghcr.io/dynamo-mcp/generator:");
        sandbox.ImagePullPolicy.Should().Be("IfNotPresent");
        sandbox.RuntimeClassName.Should().Be("gvisor");
        sandbox.ActiveDeadlineSeconds.Should().Be(120);
        sandbox.BackoffLimit.Should().Be(0);
        sandbox.TtlSecondsAfterFinished.Should().Be(60);
        Quantities(sandbox.Resources.Requests).Should().BeEquivalentTo(
            new Dictionary<string, string> { ["cpu"] = "200m", ["memory"] = "256Mi", ["ephemeral-storage"] = "512Mi" });
        Quantities(sandbox.Resources.Limits).Should().BeEquivalentTo(
            new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "1Gi", ["ephemeral-storage"] = "2Gi" });
    }

    [Fact]
    public async Task Numeric_quantities_and_an_overridden_runtime_class_reach_the_operator()
    {
        var (_, _, options) = await RenderAsync(
            ["--set", "operator.replicas=2,sandbox.runtimeClassName=kata,sandbox.resources.limits.cpu=0.5,sandbox.resources.requests.cpu=0.25"]);

        options.LeaderElect.Should().BeTrue("two replicas need leader election");
        options.Sandbox.RuntimeClassName.Should().Be("kata");
        options.Sandbox.Resources.Limits["cpu"].ToDecimal().Should().Be(0.5m);
        options.Sandbox.Resources.Requests["cpu"].ToDecimal().Should().Be(0.25m);
    }

    [Fact]
    public async Task Default_values_leave_runtime_class_unset()
    {
        var (_, _, options) = await RenderAsync([]);

        options.LeaderElect.Should().BeFalse();
        options.Sandbox.RuntimeClassName.Should().BeNull();
        options.Namespaces.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Probes_and_metrics_use_the_port_of_the_http_address(string[] args)
    {
        var (manifests, container, options) = await RenderAsync(args);

        var port = container.Ports.Should().ContainSingle(p => p.Name == "http-metrics").Which.ContainerPort;
        new Uri(options.HttpAddress).Port.Should().Be(port);
        foreach (var probe in new[] { container.StartupProbe, container.LivenessProbe, container.ReadinessProbe })
        {
            probe.HttpGet.Port.Value.Should().Be("http-metrics");
        }

        manifests.Single<V1Service>("Service", $"{Operator}-metrics").Spec.Ports.Should().ContainSingle(p => p.TargetPort.Value == "http-metrics");
    }

    [Fact]
    public async Task Only_the_log_level_and_extra_env_are_passed_as_environment()
    {
        // The operator reads its settings from flags; an environment variable it does not read is silent drift.
        var (_, container, _) = await RenderAsync(["--values", "everything on"]);

        container.Env.Select(e => e.Name).Should().BeEquivalentTo(["Logging__LogLevel__Default", "DOTNET_gcServer"]);
    }

    [Fact]
    public async Task The_leader_election_role_names_the_lease_the_operator_takes()
    {
        var (manifests, _, options) = await RenderAsync(["--values", "everything on"]);

        var leaseRules = manifests.OfKind("Role").Select(d => d.As<V1Role>())
            .SelectMany(r => r.Rules.Select(rule => (Role: r, Rule: rule)))
            .Where(x => x.Rule.Resources.Contains("leases") && x.Rule.ResourceNames is { Count: > 0 })
            .ToList();

        leaseRules.Should().ContainSingle();
        leaseRules[0].Role.Metadata.NamespaceProperty.Should().Be(options.LeaderElectionNamespace);
        leaseRules[0].Rule.ResourceNames.Should().Equal(options.LeaderElectionId);
    }

    private static Dictionary<string, string> Quantities(IDictionary<string, ResourceQuantity> quantities) =>
        quantities.ToDictionary(q => q.Key, q => q.Value.ToString());
}
