using System.ComponentModel;
using System.Text.Json.Serialization;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Agents;

[Description("The budget an agent was granted at admission (its own limits, cut to what its parent had left).")]
public sealed record AgentBudgetInfo(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Tokens it and its children may spend; null: unlimited.")] long? MaxTokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Tokens left of maxTokens, less what running children hold reserved; null: unlimited.")] long? RemainingTokens,
    [property: Description("Most model calls (spec.maxTurns).")] int MaxTurns,
    [property: Description("Its depth in the tree: 1 for a root agent.")] int Depth,
    [property: Description("The deepest its subtree may go.")] int MaxDepth,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("When it is stopped if still running (UTC).")] DateTime? Deadline)
{
    public const int DefaultMaxTurns = 20;

    /// <returns>Null until the operator admitted the agent.</returns>
    public static AgentBudgetInfo? From(Agent agent, Func<string, Agent?> lookup)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.Status?.Budget is not { } budget
            ? null
            : new AgentBudgetInfo(
                budget.MaxTokens,
                AgentSpawnDecisions.RemainingTokens(agent, lookup),
                agent.Spec?.MaxTurns ?? DefaultMaxTurns,
                budget.Depth,
                budget.MaxDepth,
                budget.Deadline);
    }
}
