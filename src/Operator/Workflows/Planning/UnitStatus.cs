namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>Where one unit (a step, or one item of a fan-out) stands after its observed attempts.</summary>
internal enum UnitStatus
{
    NotStarted,
    Active,
    TimedOut,
    Succeeded,
    RetryWaiting,
    Failed,
}
