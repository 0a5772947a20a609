using ModelContextProtocol;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>Records progress as it is reported, on the reporting thread (Progress&lt;T&gt; would post it later and out of order).</summary>
internal sealed class SynchronousProgress(List<ProgressNotificationValue> values) : IProgress<ProgressNotificationValue>
{
    public void Report(ProgressNotificationValue value)
    {
        lock (values)
        {
            values.Add(value);
        }
    }
}
