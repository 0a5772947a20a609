using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Agents;

[McpServerToolType]
public sealed class SpawnAgentTool(AgentService agents, CallerResolver callers)
{
    [McpServerTool(Name = "spawn_agent", Title = "Spawn an agent", ReadOnly = false, Idempotent = false, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Starts an LLM agent (creates an Agent) that works towards a goal with the tools you allow it, within token, turn, time and depth budgets; the operator runs it sandboxed. The arguments are checked first: if any is wrong, every problem is listed and nothing is created. Called by an agent, the new agent becomes its child: its tools must be among the caller's, its budget comes out of the caller's, and terminating the caller terminates it. Then the call reports progress per turn until the agent ends and returns its answer (or why it failed); past the bridge's wait limit it returns the agent's name to follow with get_agent_result. Cancelling the call stops waiting, not the agent (terminate_agent does).")]
    public Task<AgentRunResult> SpawnAgent(
        RequestContext<CallToolRequestParams> context,
        [Description("What the agent is to achieve, as you would tell a colleague (at most 16 KiB). It is the agent's first message.")] string goal,
        [Description("The tools it may call: names (create_project) or prefixes ending in * (memory__*); spawn_agent lets it spawn children. Empty: no tools. An agent may only pass tools it may use itself.")] string[]? tools = null,
        [Description("The ModelConfig (LLM endpoint and model) to use. Empty: the calling agent's own, else the namespace's only one.")] string? modelConfig = null,
        [Description("Most prompt + completion tokens it and its children may spend (1 to 1 000 000 000). Empty: unlimited for a root agent, what the parent has left for a child.")] long? maxTokens = null,
        [Description("Most model calls (1 to 1000; default 20).")] int? maxTurns = null,
        [Description("Most seconds of wall time (1 to 86400; default 600); a child gets at most what its parent has left.")] int? timeoutSeconds = null,
        [Description("How deep its tree may go (1 to 10; default 3, the root is depth 1); a child's is at most its parent's.")] int? maxDepth = null,
        [Description("System prompt (at most 16 KiB). Empty: a default that explains the tools and the budget.")] string? systemPrompt = null,
        [Description("Name for the Agent; empty generates one (<parent>-xxxxx, or agent-xxxxx).")] string? name = null,
        [Description("Wait for the agent to end (reports progress). False returns at once with the name to follow.")] bool wait = true,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var request = new AgentSpawnRequest(
            goal ?? "",
            tools,
            string.IsNullOrWhiteSpace(modelConfig) ? null : modelConfig.Trim(),
            maxTokens,
            maxTurns,
            timeoutSeconds,
            maxDepth,
            string.IsNullOrWhiteSpace(systemPrompt) ? null : systemPrompt,
            string.IsNullOrWhiteSpace(name) ? null : name.Trim());
        return agents.SpawnAsync(caller, ns, request, wait, ProgressSink.For(context), cancellationToken);
    }
}
