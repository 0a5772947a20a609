namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>A run's computed phase; a cancelled run is Failed with reason Cancelled.</summary>
public enum PlannedRunPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
