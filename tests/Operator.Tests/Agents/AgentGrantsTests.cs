using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Agents;
using static DynamoMcp.Operator.Tests.Agents.AgentFixtures;

namespace DynamoMcp.Operator.Tests.Agents;

public sealed class AgentGrantsTests
{
    [Fact]
    public void Children_are_granted_in_creation_order_out_of_what_the_parent_has_left()
    {
        var parent = Agent("root").Admitted(depth: 1, maxTokens: 1000, used: 100);
        Agent[] kids = [Agent("second", "root", maxTokens: 600, secondsAgo: 5), Agent("first", "root", maxTokens: 500, secondsAgo: 10), Agent("third", "root", secondsAgo: 1)];

        var (children, remaining) = AgentGrants.Update(parent, kids);

        children.Select(c => (c.Name, c.MaxTokens)).Should().Equal(("first", 500L), ("second", 400L), ("third", 0L));
        remaining.Should().Be(0, "900 left after the parent's own 100, all reserved; the third child gets nothing and is refused");
    }

    [Fact]
    public void Existing_reservations_never_change_and_a_finished_child_counts_what_it_spent()
    {
        var parent = Agent("root").Admitted(depth: 1, maxTokens: 1000);
        parent.Status.Children = [new AgentChildGrant { Name = "first", MaxTokens = 600 }];
        var first = Agent("first", "root", secondsAgo: 10).Admitted(2, 600, used: 150);
        first.Status.Phase = AgentPhase.Succeeded;
        first.Status.SubtreeTokens = 150;

        var (children, remaining) = AgentGrants.Update(parent, [first, Agent("late", "root", secondsAgo: 1)]);

        children.Single(c => c.Name == "first").Should().BeEquivalentTo(new AgentChildGrant { Name = "first", MaxTokens = 600, UsedTokens = 150, Phase = AgentPhase.Succeeded });
        children.Single(c => c.Name == "late").MaxTokens.Should().Be(850, "the finished child's unspent reservation came back");
        remaining.Should().Be(0);
    }

    [Fact]
    public void An_unlimited_parent_passes_the_childs_own_limit_through()
    {
        var parent = Agent("root").Admitted(depth: 1, maxTokens: null);
        var (children, remaining) = AgentGrants.Update(parent, [Agent("capped", "root", maxTokens: 300), Agent("free", "root")]);
        children.Select(c => c.MaxTokens).Should().BeEquivalentTo(new long?[] { 300, null });
        remaining.Should().BeNull();
    }

    [Fact]
    public void A_deleted_child_keeps_its_entry_and_the_subtree_adds_up()
    {
        var parent = Agent("root").Admitted(depth: 1, maxTokens: 1000, used: 10);
        parent.Status.Children = [new AgentChildGrant { Name = "gone", MaxTokens = 200, UsedTokens = 120, Phase = AgentPhase.Succeeded }];
        var running = Agent("running", "root", maxTokens: 100).Admitted(2, 100, used: 40);
        running.Status.SubtreeTokens = 70;

        var (children, remaining) = AgentGrants.Update(parent, [running]);

        children.Select(c => (c.Name, c.MaxTokens)).Should().Equal(("gone", 200L), ("running", 100L));
        remaining.Should().Be(1000 - 10 - 120 - 100);
        AgentGrants.SubtreeTokens(parent, [running]).Should().Be(10 + 70);
    }
}
