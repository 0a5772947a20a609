namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>A step's computed phase.</summary>
public enum PlannedStepPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
}
