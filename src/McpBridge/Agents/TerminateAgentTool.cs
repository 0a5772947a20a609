using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Agents;

[McpServerToolType]
public sealed class TerminateAgentTool(AgentService agents, CallerResolver callers)
{
    [McpServerTool(Name = "terminate_agent", Title = "Terminate an agent", ReadOnly = false, Idempotent = true, Destructive = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Stops an agent and all its descendants (sets spec.terminate): the operator kills their processes and marks them Terminated; what they spent stays spent. Calling it again, or on an agent that ended, changes nothing. An agent may only terminate itself and the agents it spawned (directly or through its children).")]
    public Task<AgentTerminateResult> TerminateAgent(
        RequestContext<CallToolRequestParams> context,
        [Description(AgentToolText.AgentName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return agents.TerminateAsync(caller, ns, name, cancellationToken);
    }
}
