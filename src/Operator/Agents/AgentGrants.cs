using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Agents;

/// <summary>
/// A parent's reservations for its children (pure). The parent's controller is the only writer: a child waits for its
/// entry, and children are granted in creation order out of what is left, so two children spawned at once can never
/// both take the same tokens. A finished child's reservation counts as what its subtree spent.
/// </summary>
public static class AgentGrants
{
    /// <summary>The parent's children list, with an entry for every child, and the tokens it has left (null: unlimited).</summary>
    public static (List<AgentChildGrant> Children, long? Remaining) Update(Agent parent, IEnumerable<Agent> children)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(children);
        var limit = parent.Status?.Budget?.MaxTokens;
        var own = parent.Status?.Usage?.TotalTokens ?? 0;
        var before = (parent.Status?.Children ?? []).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var result = new List<AgentChildGrant>();
        var ordered = children
            .OrderBy(c => c.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .ToList();

        // Existing grants first (they never change; a child that is gone keeps its entry: what it spent stays
        // spent), then new children out of what is left.
        foreach (var grant in before.Values)
        {
            result.Add(ordered.FirstOrDefault(c => c.Metadata.Name == grant.Name) is { } child ? Observed(grant, child) : grant);
        }

        foreach (var child in ordered.Where(c => !before.ContainsKey(c.Metadata.Name)))
        {
            var left = Remaining(limit, own, result);
            long? grant = left is null
                ? child.Spec.MaxTokens
                : Math.Max(0, Math.Min(child.Spec.MaxTokens ?? long.MaxValue, left.Value));
            result.Add(Observed(new AgentChildGrant { Name = child.Metadata.Name, MaxTokens = grant }, child));
        }

        return (result, Remaining(limit, own, result));
    }

    /// <summary>Tokens its subtree spent: its own, and each child's subtree (a running child's as far as it got).</summary>
    public static long SubtreeTokens(Agent agent, IEnumerable<Agent> children)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(children);
        return (agent.Status?.Usage?.TotalTokens ?? 0) + children.Sum(c => c.Status?.SubtreeTokens ?? c.Status?.Usage?.TotalTokens ?? 0);
    }

    private static long? Remaining(long? limit, long own, IEnumerable<AgentChildGrant> grants) =>
        limit is null ? null : limit.Value - own - grants.Sum(g => g.UsedTokens ?? g.MaxTokens ?? 0);

    private static AgentChildGrant Observed(AgentChildGrant grant, Agent child)
    {
        var finished = child.Status?.Phase is AgentPhase.Succeeded or AgentPhase.Failed or AgentPhase.Terminated;
        return new AgentChildGrant
        {
            Name = grant.Name,
            MaxTokens = grant.MaxTokens,
            Phase = child.Status?.Phase,
            UsedTokens = finished ? child.Status?.SubtreeTokens ?? child.Status?.Usage?.TotalTokens ?? 0 : grant.UsedTokens,
        };
    }
}
