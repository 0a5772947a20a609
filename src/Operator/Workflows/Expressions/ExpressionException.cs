namespace DynamoMcp.Operator.Workflows.Expressions;

/// <summary>An expression that cannot be parsed or evaluated; the message names the expression and why.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
