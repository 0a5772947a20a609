namespace DynamoMcp.Mcp.Discovery;

/// <summary>A probe's outcome: the description, or the failure with a message (no secrets in it).</summary>
public sealed record McpProbeResult(McpServerDescription? Description, McpProbeFailureKind? Failure, string Message)
{
    public static McpProbeResult Succeeded(McpServerDescription description) => new(description ?? throw new ArgumentNullException(nameof(description)), null, "");

    public static McpProbeResult Failed(McpProbeFailureKind kind, string message) => new(null, kind, message);

    public bool IsSuccess => Description is not null;
}
