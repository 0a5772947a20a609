namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>Create attempt <see cref="Attempt"/> of the step (or of one item) under the deterministic <see cref="ChildName"/>.</summary>
public sealed record StartChild(string Step, int? Item, int Attempt, string ChildName) : PlanAction(Step);
