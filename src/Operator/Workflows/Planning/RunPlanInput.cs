namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>
/// Everything the planner decides from: the steps, the run's policies, the time, and the observed children. Children
/// that were stopped and deleted must stay observed (as Failed, from status): a missing attempt is one never started.
/// </summary>
public sealed record RunPlanInput(string RunName, IReadOnlyList<PlannedStep> Steps, DateTime Now)
{
    /// <summary>A step's condition, evaluated by the caller: <c>null</c> (no condition), true or false. Asked only once the step's dependencies are finished.</summary>
    public Func<string, bool?>? When { get; init; }

    /// <summary>
    /// Whether what a step reads (the outputs of upstream steps) is at hand yet, asked before <see cref="When"/> once
    /// its dependencies are finished: false keeps it Pending. The reconciler collects outputs after a step succeeds.
    /// </summary>
    public Func<string, bool>? InputsKnown { get; init; }

    /// <summary>Stop the run as on cancel, with reason ExpressionFailed and this message (an expression could not be evaluated).</summary>
    public string? Abort { get; init; }

    /// <summary>After a failure, start nothing new except finally steps; running children are left to finish.</summary>
    public bool FailFast { get; init; } = true;

    /// <summary>At most this many children run at once across the run.</summary>
    public int? Parallelism { get; init; }

    /// <summary>Stop every running child, start nothing; the run ends Failed with reason Cancelled.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>Past it, the run is stopped as on cancel, with reason DeadlineExceeded.</summary>
    public DateTime? Deadline { get; init; }

    public IReadOnlyDictionary<ChildKey, ObservedChild> Children { get; init; } = new Dictionary<ChildKey, ObservedChild>();
}
