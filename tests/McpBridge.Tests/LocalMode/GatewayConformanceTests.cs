using System.Text;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Tests.Fixtures;
using DynamoMcp.McpBridge.Tests.Integration;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Client;
using k8s.Models;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The per-server endpoint is transparent to the official MCP conformance suite: the real server-everything, applied as
/// a remote McpServer that the real operator probes, passes through <c>/servers/default/{name}/mcp</c> every scenario it
/// passes when the suite talks to it directly.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class GatewayConformanceTests(LocalModeFixture local)
{
    private const string Namespace = "default";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_per_server_endpoint_passes_every_scenario_the_server_passes_directly()
    {
        Assert.SkipWhen(ConformanceSuite.Missing() is not null, ConformanceSuite.Missing() ?? "");
        await using var everything = await ServerEverythingHttp.StartAsync(Ct);
        var name = $"everything-{Guid.NewGuid():N}"[..19];
        using var admin = local.Host.Cluster.CreateClient();
        var servers = new ResourceClient<McpServer>(admin);
        await servers.CreateAsync(
            new McpServer
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
                Spec = new McpServerSpec { Remote = new McpRemote { Url = everything.Url.ToString() }, Transport = McpTransport.StreamableHttp },
            },
            Ct);
        try
        {
            var wait = await Kubectl.RunAsync(local.Host.Cluster.KubeconfigPath, null, Ct, "wait", "--for=condition=Ready", $"mcps/{name}", "-n", Namespace, "--timeout=90s");
            wait.ExitCode.Should().Be(0, $"the operator probes the remote server and reports it Ready: {wait.Output}");
            await BridgeServesAsync(name);

            var direct = await ConformanceSuite.RunServerSuiteAsync(everything.Url, Ct);
            var proxied = await ConformanceSuite.RunServerSuiteAsync(new Uri(local.McpEndpoint, $"/servers/{Namespace}/{name}/mcp"), Ct);

            var lost = direct.Passed.Except(proxied.Passed).ToList();
            var report = Report(direct, proxied, lost);
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            proxied.Passed.Should().NotBeEmpty(report);
            proxied.Passed.Should().Contain(direct.Passed.Where(s => s.StartsWith("tools-call-", StringComparison.Ordinal)), report)
                .And.Contain(s => s.StartsWith("tools-call-", StringComparison.Ordinal), report);
            lost.Should().BeEmpty(report);
        }
        finally
        {
            await servers.DeleteAsync(new ObjectKey(Namespace, name), uid: null, CancellationToken.None);
        }
    }

    /// <summary>Until the bridge's gateway has the Ready server (its cache follows the API server): its tools appear on /mcp.</summary>
    private async Task BridgeServesAsync(string name)
    {
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = local.McpEndpoint, TransportMode = HttpTransportMode.StreamableHttp }),
            cancellationToken: Ct);
        await ClientWaits.ToolAsync(client, name + "__echo", present: true, Ct);
    }

    private static string Report(SuiteRun direct, SuiteRun proxied, IReadOnlyList<string> lost)
    {
        var text = new StringBuilder()
            .AppendLine($"Passed directly ({direct.Url}): {string.Join(", ", direct.Passed)}")
            .AppendLine($"Passed through the proxy ({proxied.Url}): {string.Join(", ", proxied.Passed)}");
        foreach (var scenario in lost)
        {
            text.AppendLine($"{scenario} passes directly, not through the proxy:");
            var before = direct.Scenarios[scenario].ToDictionary(c => c.Id, c => c.Status);
            foreach (var check in proxied.Scenarios[scenario].Where(c => before.GetValueOrDefault(c.Id) != c.Status || c.Status is "FAILURE" or "WARNING"))
            {
                text.AppendLine($"  {check} (directly: {before.GetValueOrDefault(check.Id) ?? "absent"})");
            }

            if (proxied.Scenarios[scenario].Count == 0)
            {
                text.AppendLine("  it saved no checks through the proxy");
            }
        }

        return text.AppendLine("Suite output through the proxy:").Append(proxied.Output).ToString();
    }
}
