namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>What one planning pass accumulates: the actions, the phases so far, the children counted running, the earliest wake-up.</summary>
internal sealed class PlanState(RunPlanInput input, IReadOnlyDictionary<string, PlannedStep> byName, string? stopping, string? failedFast)
{
    public RunPlanInput Input { get; } = input;

    public IReadOnlyDictionary<string, PlannedStep> ByName { get; } = byName;

    /// <summary>Cancelled or DeadlineExceeded when the run is being stopped.</summary>
    public string? Stopping { get; } = stopping;

    /// <summary>Under failFast, the first step that finally failed: nothing new starts but finally steps.</summary>
    public string? FailedFast { get; } = failedFast;

    public List<PlanAction> Actions { get; } = [];

    public Dictionary<string, StepPlan> Phases { get; } = new(StringComparer.Ordinal);

    public int Active { get; set; }

    public TimeSpan? Requeue { get; private set; }

    public void RequeueAt(DateTime at)
    {
        var after = at - Input.Now;
        if (after > TimeSpan.Zero && (Requeue is not { } current || after < current))
        {
            Requeue = after;
        }
    }
}
