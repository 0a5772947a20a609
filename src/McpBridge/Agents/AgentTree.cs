using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Agents;

/// <summary>
/// The agents of a namespace as trees by spec.parentRef (pure). An agent whose parent is not there (deleted, or a
/// reference to nothing) is shown as a root, so nothing is hidden.
/// </summary>
public static class AgentTree
{
    public const int GoalLength = 120;

    /// <param name="root">Only this agent's subtree; null: every tree.</param>
    /// <returns>The trees, roots and children ordered by creation time then name; empty when <paramref name="root"/> is not among the agents.</returns>
    public static IReadOnlyList<AgentTreeNode> Build(IReadOnlyList<Agent> agents, string? root)
    {
        ArgumentNullException.ThrowIfNull(agents);
        var byName = agents.ToDictionary(a => a.Metadata.Name, StringComparer.Ordinal);
        var children = agents
            .Where(a => a.Spec?.ParentRef?.Name is { } parent && byName.ContainsKey(parent) && parent != a.Metadata.Name)
            .GroupBy(a => a.Spec!.ParentRef!.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Ordered(g).ToList(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        AgentTreeNode Node(Agent agent, int depth)
        {
            seen.Add(agent.Metadata.Name);
            var kids = children.GetValueOrDefault(agent.Metadata.Name) ?? [];
            var goal = agent.Spec?.Goal ?? "";
            return new AgentTreeNode(
                agent.Metadata.Name,
                AgentKinds.PhaseOf(agent).ToString(),
                agent.Status?.Budget?.Depth ?? depth,
                agent.Status?.Usage?.Turns ?? 0,
                agent.Status?.SubtreeTokens ?? agent.Status?.Usage?.TotalTokens ?? 0,
                goal.Length > GoalLength ? goal[..GoalLength] + "…" : goal,
                [.. kids.Where(k => !seen.Contains(k.Metadata.Name)).Select(k => Node(k, depth + 1))]);
        }

        if (root is not null)
        {
            return byName.TryGetValue(root, out var start) ? [Node(start, start.Status?.Budget?.Depth ?? 1)] : [];
        }

        var roots = Ordered(agents.Where(a => a.Spec?.ParentRef?.Name is not { } parent || !byName.ContainsKey(parent) || parent == a.Metadata.Name)).ToList();
        var trees = roots.Select(r => Node(r, 1)).ToList();

        // Parent loops (only a hand-made object can make one): show what is left as roots rather than hide it.
        foreach (var agent in Ordered(agents.Where(a => !seen.Contains(a.Metadata.Name))).ToList())
        {
            if (!seen.Contains(agent.Metadata.Name))
            {
                trees.Add(Node(agent, 1));
            }
        }

        return trees;
    }

    public static int Count(IEnumerable<AgentTreeNode> nodes) => nodes.Sum(n => 1 + Count(n.Children));

    private static IOrderedEnumerable<Agent> Ordered(IEnumerable<Agent> agents) =>
        agents.OrderBy(a => a.Metadata.CreationTimestamp ?? DateTime.MaxValue).ThenBy(a => a.Metadata.Name, StringComparer.Ordinal);
}
