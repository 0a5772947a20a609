namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>Record the step as Skipped; it will never start.</summary>
public sealed record SkipStep(string Step, string Reason, string Message) : PlanAction(Step);
