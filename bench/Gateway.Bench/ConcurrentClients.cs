using System.Diagnostics;
using DynamoMcp.McpBridge.Bench;
using ModelContextProtocol.Client;

namespace DynamoMcp.Gateway.Bench;

/// <summary>
/// Many clients of one path, each its own MCP session, connected once and kept: every turn they call in a loop for a
/// while, and the completed calls, the time and the CPU spent add up across turns, so turns of different paths can
/// alternate. The CPU is this process's (the clients, the bridge, LocalCluster) and the server's, to show which side
/// a path's calls cost more on.
/// </summary>
internal sealed class ConcurrentClients(BenchTarget target, McpClient[] clients, Func<TimeSpan> serverCpu) : IAsyncDisposable
{
    private long completed;
    private TimeSpan measured;
    private TimeSpan ownCpu;
    private TimeSpan upstreamCpu;

    public BenchTarget Target => target;

    public double CallsPerSecond => measured == TimeSpan.Zero ? 0 : completed / measured.TotalSeconds;

    /// <summary>CPU of this process per call, in microseconds.</summary>
    public double OwnCpuPerCall => completed == 0 ? 0 : ownCpu.TotalMicroseconds / completed;

    /// <summary>CPU of the server process per call, in microseconds.</summary>
    public double ServerCpuPerCall => completed == 0 ? 0 : upstreamCpu.TotalMicroseconds / completed;

    /// <summary>Both processes' CPU over the measured time, as a share of every core.</summary>
    public double MachineBusy => measured == TimeSpan.Zero ? 0 : (ownCpu + upstreamCpu) / (measured * Environment.ProcessorCount);

    /// <summary>Connects <paramref name="count"/> clients and has each call once, so session set-up is never measured.</summary>
    public static async Task<ConcurrentClients> ConnectAsync(BenchTarget target, int count, Func<TimeSpan> serverCpu, CancellationToken ct)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => target.ConnectAsync(ct)));
        await Task.WhenAll(clients.Select(c => target.CallAsync(c, ct)));
        return new ConcurrentClients(target, clients, serverCpu);
    }

    /// <summary>Every client calls in a loop for <paramref name="duration"/>; counted unless <paramref name="warmUp"/>.</summary>
    public async Task TurnAsync(TimeSpan duration, bool warmUp, CancellationToken ct)
    {
        var (own, server) = (Environment.CpuUsage.TotalTime, serverCpu());
        var clock = Stopwatch.StartNew();
        var calls = (await Task.WhenAll(clients.Select(c => CallUntilAsync(c, clock, duration, ct)))).Sum();
        if (!warmUp)
        {
            completed += calls;
            measured += clock.Elapsed;
            ownCpu += Environment.CpuUsage.TotalTime - own;
            upstreamCpu += serverCpu() - server;
        }
    }

    private async Task<long> CallUntilAsync(McpClient client, Stopwatch clock, TimeSpan duration, CancellationToken ct)
    {
        long calls = 0;
        for (; clock.Elapsed < duration; calls++)
        {
            await target.CallAsync(client, ct);
        }

        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
