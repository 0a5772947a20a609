namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>
/// One step as the planner sees it, independent of the CRD: what it waits for, how it retries, how long an attempt may
/// run, whether it is a finally step, and how many items it fans out over (<c>null</c>: not a fan-out).
/// </summary>
public sealed record PlannedStep(string Name)
{
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>A failure of this step counts as finished-ok for its dependents and for the run's phase.</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Attempts after the first (0..10).</summary>
    public int Retries { get; init; }

    /// <summary>The wait before the second attempt; doubles per attempt up to <see cref="RetryBackoff.Cap"/>.</summary>
    public TimeSpan Backoff { get; init; } = DefaultBackoff;

    /// <summary>How long one attempt may run before it is stopped and counted as failed.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Runs after every other step finished, whatever happened; never blocks the others.</summary>
    public bool IsFinally { get; init; }

    /// <summary>Number of items of a fan-out; <c>null</c>: one child per attempt; 0: Succeeded without children.</summary>
    public int? ForEach { get; init; }

    /// <summary>At most this many items of the fan-out run at once.</summary>
    public int? MaxParallel { get; init; }
}
