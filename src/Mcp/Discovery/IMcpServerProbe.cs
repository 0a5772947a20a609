namespace DynamoMcp.Mcp.Discovery;

/// <summary>Connects to an MCP server as a client: initialize, tools/list (every page), prompts/list and resources/list where offered, then closes.</summary>
public interface IMcpServerProbe
{
    /// <summary>Probes <paramref name="endpoint"/>; never throws for server-side problems (they are a failed result), only for cancellation.</summary>
    Task<McpProbeResult> ProbeAsync(McpEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken);
}
