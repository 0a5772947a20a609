namespace DynamoMcp.AgentRuntime.Loop;

/// <summary>The model call failed twice (an error, or an answer with neither text nor a tool call).</summary>
internal sealed class ModelCallException : Exception
{
    public ModelCallException()
    {
    }

    public ModelCallException(string message)
        : base(message)
    {
    }

    public ModelCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
