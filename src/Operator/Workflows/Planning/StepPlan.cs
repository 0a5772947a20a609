namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>A step's computed phase; <see cref="Attempts"/> is the highest attempt started (over all items of a fan-out).</summary>
public sealed record StepPlan(string Name, PlannedStepPhase Phase, int Attempts, string? Reason, string? Message);
