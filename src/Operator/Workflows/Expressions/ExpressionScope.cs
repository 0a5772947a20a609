namespace DynamoMcp.Operator.Workflows.Expressions;

/// <summary>
/// What an expression can read: <c>inputs</c> (the run's inputs), <c>steps</c> (per step: <c>phase</c> and
/// <c>outputs</c>) and, inside a fan-out, <c>item</c>. Values are JSON-like: string, bool, long, double, null, lists
/// (<c>object?[]</c>) and maps (<c>IDictionary&lt;string, object?&gt;</c>).
/// </summary>
public sealed record ExpressionScope(
    IReadOnlyDictionary<string, object?> Inputs,
    IReadOnlyDictionary<string, ExpressionStep> Steps,
    object? Item = null)
{
    public static ExpressionScope Empty { get; } = new(new Dictionary<string, object?>(), new Dictionary<string, ExpressionStep>());
}
