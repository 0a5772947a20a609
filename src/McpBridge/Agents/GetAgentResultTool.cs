using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Agents;

[McpServerToolType]
public sealed class GetAgentResultTool(AgentService agents, CallerResolver callers)
{
    [McpServerTool(Name = "get_agent_result", Title = "Get an agent's result", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns an agent's answer once it succeeded (text, and structured when it was a JSON object), why it ended when it failed or was terminated, or, while it still runs, that there is no result yet (not an error: call again later).")]
    public Task<AgentRunResult> GetAgentResult(
        RequestContext<CallToolRequestParams> context,
        [Description(AgentToolText.AgentName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return agents.ResultAsync(caller, ns, name, cancellationToken);
    }
}
