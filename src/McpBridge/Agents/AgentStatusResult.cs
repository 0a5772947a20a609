using System.ComponentModel;
using System.Text.Json.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Tools;

namespace DynamoMcp.McpBridge.Agents;

[Description("The state of an agent (an Agent resource).")]
public sealed record AgentStatusResult(
    [property: Description("Name of the Agent.")] string Name,
    [property: Description("Namespace of the agent.")] string Namespace,
    [property: Description("Pending, Running, Succeeded, Failed or Terminated.")] string Phase,
    [property: Description("True once the phase is Succeeded, Failed or Terminated.")] bool Finished,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Why it is in this phase, one word.")] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Summary from the operator; for a failure why.")] string? Message,
    [property: Description("Its goal, cut to 500 characters.")] string Goal,
    [property: Description("The ModelConfig it uses.")] string ModelConfig,
    [property: Description("The tools it may call (names, or prefixes ending in *).")] IReadOnlyList<string> Tools,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The agent that spawned it; null for a root agent.")] string? Parent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Its depth in the tree (1 for a root); null until admitted.")] int? Depth,
    [property: Description("What it spent.")] AgentUsageInfo Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The budget granted at admission; null until admitted.")] AgentBudgetInfo? Budget,
    [property: Description("True once termination was asked for (terminate_agent).")] bool TerminateRequested,
    [property: Description("The agents it spawned, with their reservations.")] IReadOnlyList<AgentChildInfo> Children,
    [property: Description("The last turns, summarised (most recent last).")] IReadOnlyList<AgentTranscriptInfo> Transcript,
    [property: Description("Status conditions (Ready, Reconciling, Stalled).")] IReadOnlyList<McpServerConditionInfo> Conditions,
    [property: Description("What to do next.")] string Hint)
{
    public const int TranscriptEntries = 10;
    public const int GoalLength = 500;

    /// <param name="lookup">Agents of the same namespace by name, for the children's spending and the remaining budget.</param>
    public static AgentStatusResult From(Agent agent, Func<string, Agent?> lookup)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(lookup);
        var name = agent.Metadata.Name;
        var status = agent.Status;
        var phase = AgentKinds.PhaseOf(agent);
        var finished = AgentKinds.IsFinished(phase);
        var children = (status?.Children ?? []).Select(c =>
        {
            var child = lookup(c.Name);
            var used = c.UsedTokens ?? child?.Status?.SubtreeTokens ?? child?.Status?.Usage?.TotalTokens ?? 0;
            var childPhase = child is not null ? AgentKinds.PhaseOf(child) : c.Phase ?? AgentPhase.Pending;
            return new AgentChildInfo(c.Name, childPhase.ToString(), c.MaxTokens, used);
        }).ToList();
        var transcript = (status?.Transcript ?? []).TakeLast(TranscriptEntries).Select(t => new AgentTranscriptInfo(t.Turn, t.Kind, t.Summary)).ToList();
        var hint = finished
            ? $"The agent ended ({phase}); get_agent_result with name '{name}' returns its answer or why it ended."
            : $"The agent is {phase}; call get_agent_status again to follow it, get_agent_result for its answer once it ends, terminate_agent to stop it and its children.";
        var goal = agent.Spec?.Goal ?? "";
        return new AgentStatusResult(
            name,
            agent.Metadata.NamespaceProperty ?? "",
            phase.ToString(),
            finished,
            AgentRunResult.ReasonOf(agent),
            status?.Message,
            goal.Length > GoalLength ? goal[..GoalLength] + "…" : goal,
            agent.Spec?.ModelConfigRef?.Name ?? "",
            [.. agent.Spec?.Tools ?? []],
            agent.Spec?.ParentRef?.Name,
            status?.Budget?.Depth,
            AgentUsageInfo.From(status),
            AgentBudgetInfo.From(agent, lookup),
            agent.Spec?.Terminate == true,
            children,
            transcript,
            [.. (status?.Conditions ?? []).Select(c => new McpServerConditionInfo(c.Type, c.Status, c.Reason, c.Message))],
            hint);
    }
}
