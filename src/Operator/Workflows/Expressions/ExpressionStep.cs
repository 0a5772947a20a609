namespace DynamoMcp.Operator.Workflows.Expressions;

/// <summary>A step as expressions see it: <c>steps.&lt;name&gt;.phase</c> and <c>steps.&lt;name&gt;.outputs</c>.</summary>
public sealed record ExpressionStep(string Phase, IReadOnlyDictionary<string, object?> Outputs);
