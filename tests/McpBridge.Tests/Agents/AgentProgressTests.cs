using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Agents;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Agents;

public sealed class AgentProgressTests
{
    [Fact]
    public void Before_the_cache_has_the_agent_it_waits_for_the_operator()
    {
        var report = AgentProgress.Report(null, 20);

        (report.Progress, report.Total, report.Message).Should().Be((0f, 20, "Agent created; waiting for the operator"));
    }

    [Fact]
    public void A_running_agent_reports_its_turns_and_tokens_and_each_turn_raises_the_value()
    {
        var agent = Agent(AgentPhase.Running, turns: 0, tokens: 0);
        var started = AgentProgress.Report(agent, 20);
        agent.Status.Usage = new AgentUsage { Turns = 3, TotalTokens = 1200 };
        agent.Status.SubtreeTokens = 1200;
        var third = AgentProgress.Report(agent, 20);

        started.Progress.Should().Be(0.5f);
        started.Message.Should().Be("turn 0 of 20, 0 tokens");
        (third.Progress, third.Total, third.Message).Should().Be((3f, 20, "turn 3 of 20, 1 200 tokens"));
    }

    [Fact]
    public void A_pending_agent_says_why_and_an_ended_one_reports_the_total()
    {
        var pending = Agent(AgentPhase.Pending, 0, 0);
        pending.Status.Message = "Waiting for its parent agent p to reserve its budget.";
        AgentProgress.Report(pending, 5).Message.Should().Be("Pending: Waiting for its parent agent p to reserve its budget.");

        var done = Agent(AgentPhase.Succeeded, 2, 45000);
        done.Status.Message = "The agent finished its goal.";
        var report = AgentProgress.Report(done, 5);
        (report.Progress, report.Total, report.Message).Should().Be((5f, 5, "Succeeded: The agent finished its goal. (turn 2 of 5, 45 000 tokens)"));
    }

    private static Agent Agent(AgentPhase phase, int turns, long tokens) => new()
    {
        Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "ns" },
        Spec = new AgentSpec { Goal = "g", ModelConfigRef = new ModelConfigReference { Name = "m" } },
        Status = new AgentStatus { Phase = phase, Usage = new AgentUsage { Turns = turns, TotalTokens = tokens }, SubtreeTokens = tokens },
    };
}
