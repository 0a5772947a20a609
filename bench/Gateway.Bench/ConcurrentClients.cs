using System.Diagnostics;
using DynamoMcp.McpBridge.Bench;
using ModelContextProtocol.Client;

namespace DynamoMcp.Gateway.Bench;

/// <summary>
/// Many clients of one path, each its own MCP session, connected once and kept: every turn they call in a loop for a
/// while, and the completed calls and the time add up across turns, so turns of different paths can alternate.
/// </summary>
internal sealed class ConcurrentClients : IAsyncDisposable
{
    private readonly BenchTarget target;
    private readonly McpClient[] clients;
    private long completed;
    private TimeSpan measured;

    private ConcurrentClients(BenchTarget target, McpClient[] clients)
    {
        this.target = target;
        this.clients = clients;
    }

    public BenchTarget Target => target;

    public double CallsPerSecond => measured == TimeSpan.Zero ? 0 : completed / measured.TotalSeconds;

    /// <summary>Connects <paramref name="count"/> clients and has each call once, so session set-up is never measured.</summary>
    public static async Task<ConcurrentClients> ConnectAsync(BenchTarget target, int count, CancellationToken ct)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => target.ConnectAsync(ct)));
        await Task.WhenAll(clients.Select(c => target.CallAsync(c, ct)));
        return new ConcurrentClients(target, clients);
    }

    /// <summary>Every client calls in a loop for <paramref name="duration"/>; counted unless <paramref name="warmUp"/>.</summary>
    public async Task TurnAsync(TimeSpan duration, bool warmUp, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var calls = (await Task.WhenAll(clients.Select(c => CallUntilAsync(c, clock, duration, ct)))).Sum();
        if (!warmUp)
        {
            completed += calls;
            measured += clock.Elapsed;
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
