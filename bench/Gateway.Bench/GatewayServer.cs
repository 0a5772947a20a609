using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.McpBridge.Bench;
using DynamoMcp.Operator.McpServers;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Reconcile;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using McpServerResource = DynamoMcp.Api.V1Alpha1.McpServer;

namespace DynamoMcp.Gateway.Bench;

/// <summary>
/// An McpServer with <c>spec.remote.url</c> at the running server-everything, Ready as the operator would make it:
/// the operator's own probe lists the tools and its decisions (Discovered, Summarize) write the status. The bridge
/// then lists the tools itself; <see cref="WaitUntilOfferedAsync"/> returns once both of its endpoints serve them.
/// </summary>
internal static partial class GatewayServer
{
    public const string Name = "everything";

    public static async Task<McpServerDescription> CreateReadyAsync(IKubernetes admin, string ns, Uri url, ILogger logger, CancellationToken ct)
    {
        var servers = new ResourceClient<McpServerResource>(admin);
        var server = await servers.CreateAsync(
            new McpServerResource
            {
                Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = ns },
                Spec = new McpServerSpec { Remote = new McpRemote { Url = url.ToString() } },
            },
            ct);
        var probed = await new McpServerProbe().ProbeAsync(new McpEndpoint(url, McpTransport.StreamableHttp, new Dictionary<string, string>()), TimeSpan.FromSeconds(30), ct);
        if (!probed.IsSuccess)
        {
            throw new InvalidOperationException($"Discovery of server-everything at {url} failed: {probed.Message}");
        }

        var now = DateTime.UtcNow;
        server.Status ??= new McpServerStatus();
        server.Status.Url = url.ToString();
        var outcome = McpServerStatusDecisions.Discovered(server, probed, now, TimeSpan.FromMinutes(5));
        McpServerStatusDecisions.Summarize(server, outcome);
        ReconcileSteps<McpServerResource>.Summarize(server.Status, server.Metadata.Generation, outcome, TimeProvider.System);
        await servers.PatchStatusAsync(ObjectKey.From(server), new V1Patch(new { status = server.Status }, V1Patch.PatchType.MergePatch), ct);
        LogReady(logger, ns, Name, probed.Description!.Tools.Count, url);
        return probed.Description;
    }

    /// <summary>Returns once <c>/mcp</c> lists <paramref name="gatewayTool"/> and the per-server endpoint lists <paramref name="serverTool"/>.</summary>
    public static async Task WaitUntilOfferedAsync(BenchTarget gateway, string gatewayTool, BenchTarget perServer, string serverTool, ILogger logger, CancellationToken ct)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(TimeSpan.FromSeconds(60));
        foreach (var (target, tool) in new[] { (gateway, gatewayTool), (perServer, serverTool) })
        {
            while (true)
            {
                try
                {
                    await using var client = await target.ConnectAsync(patience.Token);
                    if ((await client.ListToolsAsync(cancellationToken: patience.Token)).Any(t => t.Name == tool))
                    {
                        LogOffered(logger, target.Label, tool);
                        break;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or ModelContextProtocol.McpException && !patience.IsCancellationRequested)
                {
                    LogNotYet(logger, target.Label, e.Message);
                }

                await Task.Delay(100, patience.Token);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "McpServer {Namespace}/{Name} is Ready with {Tools} discovered tools at {Url}")]
    private static partial void LogReady(ILogger logger, string @namespace, string name, int tools, Uri url);

    [LoggerMessage(LogLevel.Information, "{Path} lists {Tool}")]
    private static partial void LogOffered(ILogger logger, string path, string tool);

    [LoggerMessage(LogLevel.Information, "{Path} does not answer yet: {Reason}")]
    private static partial void LogNotYet(ILogger logger, string path, string reason);
}
