using System.ComponentModel;
using DynamoMcp.Api.Conditions;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Servers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class GetMcpServerTool(McpServerService servers, CallerResolver callers)
{
    [McpServerTool(Name = "get_mcp_server", Title = "Get an MCP server", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Shows one MCP server: what runs (image or remote URL, transport), its status and conditions, and its tools with their names, titles and descriptions.")]
    public async Task<McpServerDetails> GetMcpServer(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.McpServerName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var view = await servers.GetAsync(caller, ns, name, cancellationToken).ConfigureAwait(false);
        return ToDetails(view);
    }

    internal static McpServerDetails ToDetails(McpServerView view)
    {
        var spec = view.Server.Spec;
        var status = view.Server.Status;
        var source = new McpServerSource(
            spec.Image,
            spec.Remote?.Url,
            [.. spec.Command ?? []],
            [.. spec.Args ?? []],
            spec.Port,
            spec.Path,
            [.. (spec.Env ?? []).Select(e => e.Name)],
            [.. spec.ToolFilter?.Allow ?? []],
            [.. spec.ToolFilter?.Deny ?? []],
            [.. (spec.Egress?.Allow ?? []).Select(r => r.Host ?? r.Cidr).OfType<string>()]);
        var info = status?.ServerInfo is { Name: { } serverName } serverInfo
            ? (serverInfo.Version is { } version ? $"{serverName} {version}" : serverName)
            : null;
        return new McpServerDetails(
            view.Name,
            view.Namespace,
            view.Transport,
            source,
            view.Ready,
            view.Phase,
            FullStatus(view),
            view.Url,
            spec.Remote is null ? status?.ReadyReplicas : null,
            info,
            status?.ProtocolVersion,
            [.. (status?.Conditions ?? []).Select(c => new McpServerConditionInfo(c.Type, c.Status, c.Reason, c.Message))],
            view.ToolCount,
            [.. (status?.Tools ?? []).Select(t => new McpServerToolInfo(t.Name, t.Title, t.Description))]);
    }

    // The list shortens the reason to one line; here the whole message (a crash's last log lines) helps most.
    private static string? FullStatus(McpServerView view)
    {
        if (view.Ready)
        {
            return null;
        }

        var conditions = view.Server.Status?.Conditions;
        var condition = conditions.IsTrue(ConditionTypes.Stalled) ? conditions.Find(ConditionTypes.Stalled) : conditions.Find(ConditionTypes.Ready);
        return condition is { Message.Length: > 0 } ? $"{condition.Reason}: {condition.Message}" : view.StatusMessage;
    }
}
