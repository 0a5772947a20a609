namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>Identifies one child: attempt <see cref="Attempt"/> (from 1) of a step, or of one item of a fan-out.</summary>
public readonly record struct ChildKey(string Step, int? Item, int Attempt);
