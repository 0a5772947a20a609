using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Servers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class RemoveMcpServerTool(McpServerService servers, CallerResolver callers)
{
    [McpServerTool(Name = "remove_mcp_server", Title = "Remove an MCP server", ReadOnly = false, Idempotent = true, Destructive = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Removes an MCP server (deletes the McpServer): the operator stops its pods and its tools are no longer offered.")]
    public async Task<McpServerChangeResult> RemoveMcpServer(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.McpServerName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        await servers.RemoveAsync(caller, ns, name, cancellationToken).ConfigureAwait(false);
        return new McpServerChangeResult(name, ns, false, null, "removed", 0, "Removed. add_mcp_server adds it again; discover_mcp_servers lists known servers.");
    }
}
