using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.McpServers;
using DynamoMcp.Operator.Tests.Security;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.McpServers;

/// <summary>The children of an McpServer: restricted pods, the stdio front injection, a Service and a NetworkPolicy that admit only the platform.</summary>
public sealed class McpServerBuildersTests
{
    private static readonly McpServerOptions Options = new() { PlatformNamespace = "dynamo-system" };

    private static McpServer Server(Action<McpServerSpec>? change = null)
    {
        var server = new McpServer
        {
            Metadata = new V1ObjectMeta { Name = "everything", NamespaceProperty = "team-a", Uid = "uid-1" },
            Spec = new McpServerSpec { Image = "node:22-slim", Transport = McpTransport.StreamableHttp, Port = 3001, Command = ["node", "dist/index.js", "streamableHttp"] },
        };
        change?.Invoke(server.Spec);
        return server;
    }

    private static McpServer Stdio() => Server(s =>
    {
        s.Transport = McpTransport.Stdio;
        s.Port = null;
        s.Command = ["npx", "-y", "@modelcontextprotocol/server-everything"];
        s.Args = ["stdio"];
    });

    public static TheoryData<string> Cases() => new("streamable-http", "stdio", "overrides");

    private static V1Deployment Deployment(string name) => McpServerDeploymentBuilder.Build(name switch
    {
        "stdio" => Stdio(),
        "overrides" => Server(s => s.PodTemplate = new PodTemplateOverrides
        {
            Labels = new Dictionary<string, string> { ["team"] = "a", ["app.kubernetes.io/name"] = "spoofed" },
            ServiceAccountName = "workload-identity",
            RuntimeClassName = "gvisor",
        }),
        _ => Server(),
    }, Options);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_pod_spec_is_restricted_with_a_read_only_root_and_writable_tmp_and_home(string name)
    {
        var pod = Deployment(name).Spec.Template.Spec;

        PodSecurityRestrictedChecker.Check(pod).Should().BeEmpty();
        foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers))
        {
            container.SecurityContext.ReadOnlyRootFilesystem.Should().BeTrue();
            container.Resources.Limits.Should().ContainKeys("cpu", "memory");
        }

        var server = pod.Containers.Single();
        server.VolumeMounts.Select(m => m.MountPath).Should().Contain(["/tmp", McpServerDeploymentBuilder.Home]);
        server.Env.Should().ContainSingle(e => e.Name == "HOME").Which.Value.Should().Be(McpServerDeploymentBuilder.Home);
        pod.SecurityContext.RunAsUser.Should().Be(Options.RunAsUser, "images that default to root (node, python) still run non-root");
    }

    [Fact]
    public void The_own_service_account_mounts_no_token_and_a_chosen_one_does()
    {
        var own = Deployment("streamable-http").Spec.Template.Spec;
        own.ServiceAccountName.Should().Be("everything-mcp");
        own.AutomountServiceAccountToken.Should().BeFalse();
        McpServerServiceAccountBuilder.Build(Server()).AutomountServiceAccountToken.Should().BeFalse();

        var chosen = Deployment("overrides").Spec.Template.Spec;
        chosen.ServiceAccountName.Should().Be("workload-identity");
        chosen.AutomountServiceAccountToken.Should().BeNull();
        chosen.RuntimeClassName.Should().Be("gvisor");
    }

    [Fact]
    public void Pod_labels_from_overrides_cannot_replace_the_selector_labels()
    {
        var deployment = Deployment("overrides");

        deployment.Spec.Template.Metadata.Labels.Should().Contain("team", "a");
        deployment.Spec.Selector.MatchLabels.Should().BeSubsetOf(deployment.Spec.Template.Metadata.Labels);
        deployment.Spec.Template.Metadata.Labels["app.kubernetes.io/name"].Should().Be("mcp-server");
    }

    [Fact]
    public void A_stdio_server_runs_its_command_behind_the_front_copied_in_by_an_init_container()
    {
        var pod = Deployment("stdio").Spec.Template.Spec;

        var init = pod.InitContainers.Should().ContainSingle().Subject;
        init.Image.Should().Be(Options.StdioFrontImage);
        init.Command.Should().Equal([Options.StdioFrontPath, "--install", "/dynamo-mcp/bin"], "the front copies itself to /dynamo-mcp/bin/stdio-front: its distroless image has no cp");
        init.VolumeMounts.Should().ContainSingle(m => m.MountPath == "/dynamo-mcp/bin").Which.ReadOnlyProperty.Should().NotBe(true);
        var server = pod.Containers.Single();
        server.Image.Should().Be("node:22-slim", "the server's own image runs unchanged");
        server.Command.Should().Equal(
            "/dynamo-mcp/bin/stdio-front", "--port", "8080", "--path", "/mcp", "--startup-timeout", "300", "--",
            "npx", "-y", "@modelcontextprotocol/server-everything", "stdio");
        server.Args.Should().BeNull();
        server.VolumeMounts.Should().ContainSingle(m => m.MountPath == "/dynamo-mcp/bin").Which.ReadOnlyProperty.Should().BeTrue();
        server.ReadinessProbe.HttpGet.Path.Should().Be("/healthz");
        server.StartupProbe.FailureThreshold.Should().Be(300, "300 s of start-up allowance at one probe a second");
        server.StartupProbe.PeriodSeconds.Should().Be(1, "the pod is seen ready at most a second after the server listens");
    }

    [Fact]
    public void An_http_server_keeps_its_command_and_is_probed_on_its_port()
    {
        var container = Deployment("streamable-http").Spec.Template.Spec.Containers.Single();

        container.Command.Should().Equal("node", "dist/index.js", "streamableHttp");
        container.Ports.Should().ContainSingle().Which.ContainerPort.Should().Be(3001);
        container.ReadinessProbe.TcpSocket.Port.Value.Should().Be("mcp");
    }

    [Fact]
    public void The_service_selects_the_pods_on_the_mcp_port()
    {
        var service = McpServerServiceBuilder.Build(Server());

        service.Metadata.Name.Should().Be("everything-mcp");
        service.Spec.Selector.Should().Equal(McpServerChildren.SelectorLabels(Server()));
        service.Spec.Ports.Should().ContainSingle().Which.Port.Should().Be(3001);
        McpServerChildren.Url(Server()).Should().Be(new Uri("http://everything-mcp.team-a.svc.cluster.local:3001/mcp"));
        McpServerChildren.Path(Server(s => (s.Transport, s.Path) = (McpTransport.Sse, null))).Should().Be("/sse");
    }

    [Fact]
    public void The_network_policy_admits_only_the_platform_and_lets_out_only_dns_and_the_egress_rules()
    {
        var policy = McpServerNetworkPolicyBuilder.Build(Server(s => s.Egress = new EgressPolicy
        {
            Allow = [new EgressRule { Host = "registry.npmjs.org" }, new EgressRule { Cidr = "10.1.0.0/16", Ports = [5432] }],
        }), Options);

        policy.Spec.PolicyTypes.Should().Equal("Ingress", "Egress");
        var ingress = policy.Spec.Ingress.Should().ContainSingle().Subject;
        ingress.Ports.Should().ContainSingle().Which.Port.Value.Should().Be("3001");
        var from = ingress.FromProperty.Should().ContainSingle().Subject;
        from.NamespaceSelector.MatchLabels.Should().Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "dynamo-system" });
        from.PodSelector.MatchExpressions.Should().ContainSingle().Which.Values.Should().Equal("bridge", "operator");
        policy.Spec.Egress.Should().HaveCount(3);
        policy.Spec.Egress[0].Ports.Select(p => p.Port.Value).Should().Equal("53", "53");
        policy.Spec.Egress[1].Ports.Single().Port.Value.Should().Be("443");
        policy.Spec.Egress[1].To.Select(t => t.IpBlock.Cidr).Should().Equal("0.0.0.0/0", "::/0");
        policy.Spec.Egress[1].To[0].IpBlock.Except.Should().Equal("169.254.0.0/16");
        policy.Spec.Egress[2].To.Single().IpBlock.Cidr.Should().Be("10.1.0.0/16");
        policy.Spec.Egress[2].Ports.Single().Port.Value.Should().Be("5432");
    }

    [Fact]
    public void A_host_rule_with_no_host_cidrs_configured_opens_nothing_rather_than_everything()
    {
        var closed = new McpServerOptions { PlatformNamespace = "dynamo-system", HostEgressCidrs = [] };

        var policy = McpServerNetworkPolicyBuilder.Build(Server(s => s.Egress = new EgressPolicy
        {
            Allow = [new EgressRule { Host = "registry.npmjs.org" }, new EgressRule { Cidr = "10.1.0.0/16", Ports = [5432] }],
        }), closed);

        policy.Spec.Egress.Should().HaveCount(2, "DNS and the CIDR rule; an egress rule with an empty `to` would match every destination");
        policy.Spec.Egress.Should().OnlyContain(r => r.To == null || r.To.Count > 0);
        policy.Spec.Egress[1].To.Single().IpBlock.Cidr.Should().Be("10.1.0.0/16");
    }

    [Fact]
    public void Specs_the_cel_rules_refuse_are_refused_by_the_operator_too_with_each_problem()
    {
        McpServerSpecCheck.Problems(Server()).Should().BeEmpty();
        McpServerSpecCheck.Problems(Stdio()).Should().BeEmpty();
        McpServerSpecCheck.Problems(Server(s => s.Remote = new McpRemote { Url = "https://mcp.example.com/mcp" }))
            .Should().ContainSingle().Which.Should().Contain("exactly one of spec.image");
        McpServerSpecCheck.Problems(Server(s => (s.Image, s.Remote, s.Transport) = (null, new McpRemote { Url = "ftp://x" }, McpTransport.Stdio)))
            .Should().HaveCount(2);
        McpServerSpecCheck.Problems(Server(s => (s.Transport, s.Command) = (McpTransport.Stdio, null)))
            .Should().ContainSingle().Which.Should().Contain("needs spec.command");
        McpServerSpecCheck.Problems(Server(s => s.ToolFilter = new ToolFilter
        {
            Overrides = [new ToolOverride { Name = "a", Rename = "x" }, new ToolOverride { Name = "b", Rename = "x" }],
        })).Should().ContainSingle().Which.Should().Contain("rename a and b to the same name 'x'");
    }
}
