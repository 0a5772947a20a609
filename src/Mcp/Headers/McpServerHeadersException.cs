namespace DynamoMcp.Mcp.Headers;

/// <summary>A server's headers Secret cannot be used; the message says what to change.</summary>
public sealed class McpServerHeadersException : Exception
{
    public McpServerHeadersException()
    {
    }

    public McpServerHeadersException(string message)
        : base(message)
    {
    }

    public McpServerHeadersException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
