namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>Something the reconciler must do; every action is idempotent (a child that exists is adopted, a step already Skipped stays so).</summary>
public abstract record PlanAction(string Step);
