using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;

namespace DynamoMcp.McpServer.Bench;

/// <summary>
/// The floor: server-everything started directly (no sandbox, no cluster) on a free port, probed every 20 ms until
/// an MCP initialize succeeds and its tools are listed — the same probe the operator runs.
/// </summary>
internal static class DirectServer
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Time from process start to tools listed; the number of tools listed.</summary>
    public static async Task<(TimeSpan Elapsed, int Tools)> MeasureAsync(string repoRoot, IMcpServerProbe probe, CancellationToken cancellationToken)
    {
        var script = ServerEverything.EntryScript(repoRoot);
        var port = FreePort();
        var start = new ProcessStartInfo(ServerEverything.Node)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(ServerEverything.Transport);
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        var endpoint = new McpEndpoint(new Uri($"http://127.0.0.1:{port}{ServerEverything.Path}"), McpTransport.StreamableHttp, new Dictionary<string, string>());

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(1));
            McpProbeResult result;
            while (!(result = await probe.ProbeAsync(endpoint, TimeSpan.FromSeconds(30), deadline.Token)).IsSuccess)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"server-everything exited ({process.ExitCode}) before it listed its tools: {result.Message}");
                }

                await Task.Delay(ProbeInterval, deadline.Token);
            }

            return (stopwatch.Elapsed, result.Description!.Tools.Count);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
