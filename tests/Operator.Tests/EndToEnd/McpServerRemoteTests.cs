using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Tests.Fixtures;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>A remote McpServer (the real server-everything over Streamable HTTP, outside the cluster) is probed and Ready with its tools, without any workload.</summary>
public sealed class McpServerRemoteTests(OperatorClusterFixture fixture) : IClassFixture<OperatorClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OperatorTestCluster Cluster
    {
        get
        {
            Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
            return fixture.Cluster;
        }
    }

    private static McpServer Remote(string name, string url) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new McpServerSpec
        {
            Remote = new McpRemote { Url = url },
            Transport = McpTransport.StreamableHttp,
            ToolFilter = new ToolFilter { Deny = ["trigger-*"], Overrides = [new ToolOverride { Name = "echo", Rename = "say" }] },
        },
    };

    private Task CreateAsync(McpServer server) => Cluster.CreateAsync(server, Ct);

    private Task<McpServer?> GetAsync(string name) => Cluster.GetMcpServerAsync(name, Ct);

    [Fact]
    public async Task A_remote_server_is_probed_and_Ready_with_its_filtered_tools_and_kubectl_wait_sees_it()
    {
        var cluster = Cluster;
        await using var everything = await ServerEverythingHttp.StartAsync(Ct);

        await CreateAsync(Remote("everything-remote", everything.Url.ToString()));
        var wait = await cluster.KubectlAsync(Ct, "wait", "--for=condition=Ready", "mcps/everything-remote", "--timeout=90s");

        wait.ExitCode.Should().Be(0, wait.ToString() + await cluster.DescribeAsync());
        var server = (await GetAsync("everything-remote"))!;
        server.Status.Phase.Should().Be(McpServerPhase.Running);
        server.Status.Url.Should().Be(everything.Url.ToString());
        server.Status.ServerInfo!.Name.Should().NotBeNullOrEmpty();
        server.Status.ProtocolVersion.Should().NotBeNullOrEmpty();
        var names = server.Status.Tools!.Select(t => t.Name).ToList();
        names.Should().Contain("say").And.Contain("get-sum").And.NotContain("echo").And.NotContain(n => n.StartsWith("trigger-", StringComparison.Ordinal));
        server.Status.Tools!.Single(t => t.Name == "say").ServerName.Should().Be("echo");
        server.Status.Tools!.Should().OnlyContain(t => t.InputSchemaDigest!.StartsWith("sha256:", StringComparison.Ordinal));
        server.Status.ToolCount.Should().Be(names.Count);
        (await cluster.Client.AppsV1.ListNamespacedDeploymentAsync(cluster.Namespace, cancellationToken: Ct)).Items
            .Should().NotContain(d => d.Metadata.Name.StartsWith("everything-remote", StringComparison.Ordinal), "a remote server has no workload");
        var table = await cluster.KubectlAsync(Ct, "get", "mcps", "everything-remote");
        table.StdOut.Should().MatchRegex(@"everything-remote\s+streamable-http\s+True\s+\S*\s*" + names.Count);
    }

    [Fact]
    public async Task A_remote_server_that_does_not_answer_is_not_ready_and_says_why()
    {
        var cluster = Cluster;
        var port = FreePort.Next();

        await CreateAsync(Remote("nobody-home", $"http://127.0.0.1:{port}/mcp"));
        var server = await OperatorTestCluster.WaitAsync(
            () => GetAsync("nobody-home"),
            s => s?.Status?.Conditions.Find(ConditionTypes.Ready)?.Reason == ConditionReasons.DiscoveryFailed,
            "the unreachable remote server to report its failure",
            Ct);

        var ready = server.Status.Conditions.Find(ConditionTypes.Ready)!;
        ready.Status.Should().Be(ConditionStatus.False);
        ready.Message.Should().Contain("connection refused").And.Contain(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
