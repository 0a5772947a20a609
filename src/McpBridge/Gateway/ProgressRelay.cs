using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// Relays an upstream call's progress to the caller's progress token, unchanged and in order; <see cref="FlushAsync"/>
/// waits until the last one is sent, so the caller sees all progress before the result.
/// </summary>
internal sealed class ProgressRelay(McpServer caller, ProgressToken token) : IProgress<ProgressNotificationValue>
{
    private readonly Lock gate = new();
    private Task last = Task.CompletedTask;

    public void Report(ProgressNotificationValue value)
    {
        lock (gate)
        {
            last = last.ContinueWith(_ => SendAsync(value), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    public Task FlushAsync()
    {
        lock (gate)
        {
            return last;
        }
    }

    private async Task SendAsync(ProgressNotificationValue value)
    {
        try
        {
            await caller.NotifyProgressAsync(token, value, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // A caller that went away does not fail the call.
        }
    }
}
