using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Agents;

[McpServerToolType]
public sealed class ListAgentsTool(AgentService agents, CallerResolver callers)
{
    [McpServerTool(Name = "list_agents", Title = "List agents", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the agents of your namespace as trees: each root agent with the agents it spawned nested under it, with phase, depth, turns and tokens spent. Called by an agent, it shows that agent's own subtree unless root names another agent.")]
    public Task<AgentListResult> ListAgents(
        RequestContext<CallToolRequestParams> context,
        [Description("Show only this agent and its descendants. Empty: every tree (for an agent caller: its own subtree).")] string? root = null,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return agents.ListAsync(caller, ns, string.IsNullOrWhiteSpace(root) ? null : root.Trim(), cancellationToken);
    }
}
