using System.ComponentModel;
using System.Text.Json;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Servers;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Resources;

/// <summary>MCP servers of the caller's namespace as MCP resources (JSON, the same content as get_mcp_server).</summary>
[McpServerResourceType]
public sealed class McpServerResources(McpServerService servers, CallerResolver callers)
{
    [McpServerResource(UriTemplate = "mcpservers://{name}", Name = "mcp-server", Title = "MCP server", MimeType = "application/json")]
    [Description("One MCP server of your namespace: what runs, its status, conditions and tools.")]
    public async Task<string> Server(
        RequestContext<ReadResourceRequestParams> context,
        [Description(ToolText.McpServerName)] string name,
        CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context.User);
        var view = await servers.GetAsync(caller, caller.Namespace, name, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Serialize(GetMcpServerTool.ToDetails(view), McpJsonUtilities.DefaultOptions);
    }
}
