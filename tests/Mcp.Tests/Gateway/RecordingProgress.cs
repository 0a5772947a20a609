using System.Collections.Concurrent;
using ModelContextProtocol;

namespace DynamoMcp.Mcp.Tests.Gateway;

/// <summary>Keeps every progress value as it is reported (synchronously, unlike Progress&lt;T&gt;).</summary>
internal sealed class RecordingProgress : IProgress<ProgressNotificationValue>
{
    private readonly ConcurrentQueue<ProgressNotificationValue> values = new();

    public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ProgressNotificationValue> Values => [.. values];

    public void Report(ProgressNotificationValue value)
    {
        values.Enqueue(value);
        First.TrySetResult();
    }
}
