namespace DynamoMcp.Runtime.Queue;

public sealed class WorkQueueOptions
{
    /// <summary>Name used as the <c>name</c> label of the workqueue metrics (the controller name).</summary>
    public string Name { get; set; } = "default";

    /// <summary>First retry delay after a failure (controller-runtime: 5 ms).</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest retry delay (controller-runtime: 1000 s).</summary>
    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromSeconds(1000);
}
