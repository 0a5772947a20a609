using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>What the gateway last listed of one Ready server: the target it listed and the tools the server gave.</summary>
/// <param name="Target">The server as it was when listed.</param>
/// <param name="Tools">Its tools, before the tool filter, as the upstream listed them.</param>
/// <param name="ToolsJson">The tools' JSON, to tell a new listing from the same one.</param>
internal sealed record GatewayServerListing(GatewayTarget Target, IReadOnlyList<Tool> Tools, string ToolsJson);
