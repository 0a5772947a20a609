namespace DynamoMcp.Runtime.Queue;

/// <summary>What a <see cref="WorkQueue{TKey}"/> reports; implemented by the runtime's OpenTelemetry metrics.</summary>
public interface IWorkQueueMetrics
{
    void Added(string queue);

    void Retried(string queue);

    void DepthChanged(string queue, int depth);

    void Queued(string queue, TimeSpan waited);

    void Worked(string queue, TimeSpan took);
}
