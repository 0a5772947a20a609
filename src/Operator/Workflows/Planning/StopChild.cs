namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>Stop a running attempt; <see cref="Reason"/> is one of <see cref="PlanReasons"/> (Timeout, Cancelled, DeadlineExceeded).</summary>
public sealed record StopChild(string Step, int? Item, int Attempt, string ChildName, string Reason) : PlanAction(Step);
