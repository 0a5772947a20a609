using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Agents;

[Description("An agent's outcome (spawn_agent, get_agent_result): its answer once it succeeded, why it ended otherwise, or that it still runs.")]
public sealed record AgentRunResult(
    [property: Description("Name of the Agent; pass it to get_agent_status, get_agent_result and terminate_agent.")] string Name,
    [property: Description("Namespace of the agent.")] string Namespace,
    [property: Description("Pending, Running, Succeeded, Failed or Terminated.")] string Phase,
    [property: Description("True once the phase is Succeeded, Failed or Terminated.")] bool Finished,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Why it is in this phase, one word (e.g. Succeeded, MaxTurnsExceeded, BudgetExceeded, DeadlineExceeded, Terminated, AwaitingBudget).")] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Summary from the operator; for a failure why.")] string? Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The agent's final answer (when Succeeded).")] string? Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The final answer parsed, when it was a JSON object.")] JsonObject? Structured,
    [property: Description("What it spent.")] AgentUsageInfo Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The agent that spawned it; null for a root agent.")] string? Parent,
    [property: Description("What to do next.")] string Hint)
{
    public static AgentRunResult From(Agent agent, bool waitedOut)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var name = agent.Metadata.Name;
        var phase = AgentKinds.PhaseOf(agent);
        var reason = ReasonOf(agent);
        var message = agent.Status?.Message;
        var succeeded = phase == AgentPhase.Succeeded;
        var hint = phase switch
        {
            AgentPhase.Succeeded => "The agent succeeded; its answer is in text (and structured, when it was a JSON object).",
            AgentPhase.Failed => $"The agent failed{(reason is null ? "" : $" ({reason})")}: {message ?? "see get_agent_status"}. An agent is never restarted: spawn a new one (with more budget or a clearer goal) if the work is still needed.",
            AgentPhase.Terminated => $"The agent was terminated{(message is null ? "" : $": {message}")}. Spawn a new one if the work is still needed.",
            _ when waitedOut => $"Still {phase} when the wait ended; call get_agent_result (or get_agent_status) with name '{name}' to follow it; terminate_agent stops it.",
            _ => $"The agent is {phase}{(reason is null ? "" : $" ({reason})")}: there is no result yet. Call get_agent_result with name '{name}' again later; get_agent_status shows its turns; terminate_agent stops it.",
        };
        return new AgentRunResult(
            name,
            agent.Metadata.NamespaceProperty ?? "",
            phase.ToString(),
            AgentKinds.IsFinished(phase),
            reason,
            message,
            succeeded ? agent.Status?.Result?.Text : null,
            succeeded && agent.Status?.Result?.Structured is { } structured ? FreeForm.ToJsonObject(structured) : null,
            AgentUsageInfo.From(agent.Status),
            agent.Spec?.ParentRef?.Name,
            hint);
    }

    /// <summary>The reason of the condition that is True: Stalled (failed, terminated), Ready (succeeded), else Reconciling (running, waiting).</summary>
    public static string? ReasonOf(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var conditions = agent.Status?.Conditions;
        foreach (var type in new[] { ConditionTypes.Stalled, ConditionTypes.Ready, ConditionTypes.Reconciling })
        {
            if (conditions.Find(type) is { Status: ConditionStatus.True } condition)
            {
                return condition.Reason;
            }
        }

        return null;
    }
}
