namespace DynamoMcp.AgentRuntime.Tools;

/// <summary>The bridge could not be reached, refused the credential, or could not list its tools.</summary>
internal sealed class BridgeUnavailableException : Exception
{
    public BridgeUnavailableException()
    {
    }

    public BridgeUnavailableException(string message)
        : base(message)
    {
    }

    public BridgeUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
