namespace DynamoMcp.Operator.Workflows.Expressions;

/// <summary>One piece of a template string: literal text, or the CEL source between <c>${{</c> and <c>}}</c>.</summary>
public sealed record ExpressionSegment(string Text, bool IsExpression);
