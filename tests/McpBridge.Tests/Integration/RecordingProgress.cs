using System.Collections.Concurrent;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>Records progress notifications as they arrive (Progress&lt;T&gt; would post them to a sync context).</summary>
internal sealed class RecordingProgress : IProgress<ProgressNotificationValue>
{
    public ConcurrentQueue<ProgressNotificationValue> Reports { get; } = new();

    public void Report(ProgressNotificationValue value) => Reports.Enqueue(value);

    public async Task WaitForAsync(Func<ProgressNotificationValue, bool> match, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!Reports.Any(match))
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
