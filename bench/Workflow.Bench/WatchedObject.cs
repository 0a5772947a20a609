namespace DynamoMcp.Workflow.Bench;

/// <summary>One object as a watch saw it: when it first appeared and first looked finished (bench clock, ms), and its last state.</summary>
internal sealed class WatchedObject<T>(string name, double firstSeenMs) where T : class
{
    public string Name { get; } = name;

    public double FirstSeenMs { get; } = firstSeenMs;

    public double? FinishedMs { get; set; }

    public T Last { get; set; } = null!;

    /// <summary>How many watch events (ADDED and MODIFIED, the initial list included) carried this object.</summary>
    public int Events { get; set; }
}
