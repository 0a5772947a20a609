using System.ComponentModel;

namespace DynamoMcp.McpBridge.Tools;

[Description("MCP servers of a namespace.")]
public sealed record McpServerListResult(
    [property: Description("Namespace listed.")] string Namespace,
    [property: Description("Its MCP servers, by name.")] IReadOnlyList<McpServerSummary> Servers);
