using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Agents;
using DynamoMcp.Runtime.Reconcile;
using static DynamoMcp.Operator.Tests.Agents.AgentFixtures;

namespace DynamoMcp.Operator.Tests.Agents;

public sealed class AgentAdmissionTests
{
    [Fact]
    public void A_root_agent_gets_its_own_limits_at_depth_one()
    {
        var root = Agent("root", maxTokens: 1000, maxDepth: 4);
        root.Spec.TimeoutSeconds = 60;

        var (budget, held) = AgentAdmission.Admit(root, null, Model(), Now);

        held.Should().BeNull();
        budget!.Depth.Should().Be(1);
        budget.MaxDepth.Should().Be(4);
        budget.MaxTokens.Should().Be(1000);
        budget.Deadline.Should().Be(Now.AddSeconds(60));
    }

    [Fact]
    public void An_agent_waits_for_its_model_config_and_for_it_to_be_ready()
    {
        AgentAdmission.Admit(Agent("a"), null, null, Now).Held!.Reason.Should().Be(ConditionReasons.ModelConfigNotFound);
        AgentAdmission.Admit(Agent("a"), null, Model(ready: false), Now).Held!.Reason.Should().Be(ConditionReasons.ModelConfigNotReady);
    }

    [Fact]
    public void A_child_gets_its_parents_reservation_and_at_most_its_parents_deadline()
    {
        var parent = Agent("root").Admitted(depth: 1, maxTokens: 1000, deadline: Now.AddSeconds(30));
        parent.Status.Children = [new AgentChildGrant { Name = "kid", MaxTokens = 400 }];
        var kid = Agent("kid", parent: "root", maxTokens: 900);

        var (budget, held) = AgentAdmission.Admit(kid, parent, Model(), Now);

        held.Should().BeNull();
        (budget!.Depth, budget.MaxTokens, budget.Deadline).Should().Be((2, 400L, Now.AddSeconds(30)), "the reservation, not the spec, and the parent's earlier deadline");
    }

    [Fact]
    public void A_child_waits_for_its_reservation_and_is_refused_when_the_parent_had_nothing_left()
    {
        var parent = Agent("root").Admitted(depth: 1, maxTokens: 1000);
        AgentAdmission.Admit(Agent("kid", parent: "root"), parent, Model(), Now).Held!.Reason.Should().Be(ConditionReasons.AwaitingBudget);

        parent.Status.Children = [new AgentChildGrant { Name = "kid", MaxTokens = 0 }];
        var refused = AgentAdmission.Admit(Agent("kid", parent: "root"), parent, Model(), Now).Held!;
        (refused.Kind, refused.Reason).Should().Be((StepOutcomeKind.Stalled, ConditionReasons.BudgetExceeded));
    }

    [Fact]
    public void Depth_is_capped_by_the_roots_max_depth_and_a_child_cannot_raise_it()
    {
        var level2 = Agent("l2", parent: "root").Admitted(depth: 2, maxTokens: null, maxDepth: 3);
        level2.Status.Children = [new AgentChildGrant { Name = "l3" }, new AgentChildGrant { Name = "greedy" }];
        var level3 = Agent("l3", parent: "l2");
        AgentAdmission.Admit(level3, level2, Model(), Now).Budget!.Depth.Should().Be(3);

        var greedy = Agent("greedy", parent: "l2", maxDepth: 10);
        AgentAdmission.Admit(greedy, level2, Model(), Now).Budget!.MaxDepth.Should().Be(3, "a child's maxDepth is at most its parent's");

        var level3Admitted = Agent("l3", parent: "l2").Admitted(depth: 3, maxTokens: null, maxDepth: 3);
        level3Admitted.Status.Children = [new AgentChildGrant { Name = "l4" }];
        var tooDeep = AgentAdmission.Admit(Agent("l4", parent: "l3"), level3Admitted, Model(), Now).Held!;
        (tooDeep.Kind, tooDeep.Reason).Should().Be((StepOutcomeKind.Stalled, ConditionReasons.DepthExceeded));
        tooDeep.Message.Should().Contain("depth 4").And.Contain("3 deep");
    }

    [Fact]
    public void A_child_of_a_missing_or_finished_parent_does_not_start()
    {
        AgentAdmission.Admit(Agent("kid", parent: "gone"), null, Model(), Now).Held!.Reason.Should().Be(ConditionReasons.ParentNotFound);
        var done = Agent("root").Admitted(1, null);
        done.Status.Phase = AgentPhase.Terminated;
        AgentAdmission.Admit(Agent("kid", parent: "root"), done, Model(), Now).Held!.Reason.Should().Be(ConditionReasons.ParentFinished);
    }
}
