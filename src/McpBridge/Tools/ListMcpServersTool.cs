using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Servers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class ListMcpServersTool(McpServerService servers, CallerResolver callers)
{
    [McpServerTool(Name = "list_mcp_servers", Title = "List MCP servers", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the MCP servers (McpServers) in your namespace: transport, whether each is ready, its phase, how many tools it offers, its URL, and why it is not ready. get_mcp_server shows one server's spec, conditions and tools.")]
    public async Task<McpServerListResult> ListMcpServers(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var all = await servers.ListAsync(caller, ns, cancellationToken).ConfigureAwait(false);
        return new McpServerListResult(ns, [.. all.Select(ToSummary)]);
    }

    internal static McpServerSummary ToSummary(McpServerView s) => new(s.Name, s.Transport, s.Ready, s.Phase, s.ToolCount, s.Url, s.StatusMessage);
}
