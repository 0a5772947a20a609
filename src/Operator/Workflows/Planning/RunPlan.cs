namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>What to do now, when to look again (<c>null</c>: on the next child change), and how the steps and the run stand.</summary>
public sealed record RunPlan(
    IReadOnlyList<PlanAction> Actions,
    TimeSpan? RequeueAfter,
    IReadOnlyList<StepPlan> Steps,
    PlannedRunPhase Phase,
    string Reason,
    string Message);
