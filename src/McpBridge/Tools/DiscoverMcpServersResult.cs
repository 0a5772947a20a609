using System.ComponentModel;
using DynamoMcp.McpBridge.Catalog;

namespace DynamoMcp.McpBridge.Tools;

[Description("Known MCP servers not yet added to a namespace.")]
public sealed record DiscoverMcpServersResult(
    [property: Description("Namespace compared against.")] string Namespace,
    [property: Description("Servers that add_mcp_server can add: pass an entry's name, url or image, command, args, transport, port, path, egress and env as they are.")] IReadOnlyList<CatalogServerEntry> Servers,
    [property: Description("How to add one.")] string Hint);
