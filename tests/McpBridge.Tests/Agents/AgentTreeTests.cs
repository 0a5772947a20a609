using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Agents;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Agents;

public sealed class AgentTreeTests
{
    [Fact]
    public void Children_are_nested_under_their_parent_and_orphans_are_roots()
    {
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Agent[] agents =
        [
            Agent("root", null, t0, turns: 4, tokens: 900, depth: 1),
            Agent("child-b", "root", t0.AddSeconds(2), turns: 1, tokens: 100, depth: 2),
            Agent("child-a", "root", t0.AddSeconds(1), turns: 2, tokens: 300, depth: 2),
            Agent("grandchild", "child-a", t0.AddSeconds(3), turns: 0, tokens: 0, depth: null),
            Agent("orphan", "gone", t0.AddSeconds(4), turns: 0, tokens: 0, depth: null),
        ];

        var trees = AgentTree.Build(agents, null);

        trees.Select(t => t.Name).Should().Equal("root", "orphan");
        var root = trees[0];
        (root.Phase, root.Depth, root.Turns, root.Tokens).Should().Be(("Running", 1, 4, 900L));
        root.Children.Select(c => c.Name).Should().Equal("child-a", "child-b");
        var grandchild = root.Children[0].Children.Should().ContainSingle().Subject;
        (grandchild.Name, grandchild.Depth, grandchild.Phase).Should().Be(("grandchild", 3, "Pending"));
        AgentTree.Count(trees).Should().Be(5);

        var sub = AgentTree.Build(agents, "child-a").Should().ContainSingle().Subject;
        sub.Name.Should().Be("child-a");
        sub.Children.Select(c => c.Name).Should().Equal("grandchild");
        AgentTree.Build(agents, "nope").Should().BeEmpty();
    }

    [Fact]
    public void A_parent_loop_still_shows_every_agent()
    {
        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Agent[] agents = [Agent("x", "y", t0, 0, 0, null), Agent("y", "x", t0.AddSeconds(1), 0, 0, null)];

        AgentTree.Count(AgentTree.Build(agents, null)).Should().Be(2);
    }

    private static Agent Agent(string name, string? parent, DateTime created, int turns, long tokens, int? depth) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", CreationTimestamp = created },
        Spec = new AgentSpec { Goal = "goal of " + name, ModelConfigRef = new ModelConfigReference { Name = "m" }, ParentRef = parent is null ? null : new AgentReference { Name = parent } },
        Status = depth is null
            ? new AgentStatus()
            : new AgentStatus
            {
                Phase = AgentPhase.Running,
                Budget = new AgentBudget { Depth = depth.Value, MaxDepth = 3 },
                Usage = new AgentUsage { Turns = turns, TotalTokens = tokens },
                SubtreeTokens = tokens,
            },
    };
}
