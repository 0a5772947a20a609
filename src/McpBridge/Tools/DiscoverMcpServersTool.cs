using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Catalog;
using DynamoMcp.McpBridge.Servers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class DiscoverMcpServersTool(TemplateCatalog catalog, McpServerService servers, CallerResolver callers)
{
    [McpServerTool(Name = "discover_mcp_servers", Title = "Discover MCP servers", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists MCP servers from the platform's catalog that are not added to your namespace yet; add one with add_mcp_server, passing the entry's fields as arguments.")]
    public async Task<DiscoverMcpServersResult> DiscoverMcpServers(
        RequestContext<CallToolRequestParams> context,
        [Description("Only entries whose name, description or tags contain this text (case-insensitive).")] string? text = null,
        [Description("Only entries carrying this tag (case-insensitive).")] string? tag = null,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var added = await servers.ListAsync(caller, ns, cancellationToken).ConfigureAwait(false);
        var addedNames = added.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var entries = await catalog.LoadServersAsync(cancellationToken).ConfigureAwait(false);
        var found = entries
            .Where(e => !addedNames.Contains(e.Name))
            .Where(e => string.IsNullOrWhiteSpace(tag) || e.Tags.Contains(tag.Trim(), StringComparer.OrdinalIgnoreCase))
            .Where(e => string.IsNullOrWhiteSpace(text)
                || e.Name.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)
                || (e.Description?.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase) ?? false)
                || e.Tags.Any(t => t.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var hint = found.Count == 0
            ? "Nothing new in the catalog; add_mcp_server adds any server by url or image."
            : "Call add_mcp_server with an entry's name, url or image, command, args, transport, port, path, egress and env as they are (wait=true follows it until ready).";
        return new DiscoverMcpServersResult(ns, found, hint);
    }
}
