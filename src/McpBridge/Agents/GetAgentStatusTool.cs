using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Agents;

[McpServerToolType]
public sealed class GetAgentStatusTool(AgentService agents, CallerResolver callers)
{
    [McpServerTool(Name = "get_agent_status", Title = "Get an agent's status", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Shows an agent: its phase and why, what it spent (turns, tokens, also of its children), its budget and depth, its parent and children (with their reserved and used tokens), its last turns summarised, and its conditions.")]
    public Task<AgentStatusResult> GetAgentStatus(
        RequestContext<CallToolRequestParams> context,
        [Description(AgentToolText.AgentName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return agents.StatusAsync(caller, ns, name, cancellationToken);
    }
}
