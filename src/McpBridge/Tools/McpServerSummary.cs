using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Tools;

/// <summary>One line of list_mcp_servers: enough to pick a server; its spec, conditions and tools are in get_mcp_server.</summary>
[Description("One MCP server.")]
public sealed record McpServerSummary(
    [property: Description("Server name (the McpServer).")] string Name,
    [property: Description("How it speaks MCP: stdio, streamable-http or sse.")] string Transport,
    [property: Description("True when it runs and its tools are known.")] bool Ready,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Pending, Running, Degraded or Failed.")] string? Phase,
    [property: Description("Number of tools it offers (after its tool filter).")] int Tools,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Its MCP endpoint.")] string? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Why it is not ready, if it is not.")] string? Status);
