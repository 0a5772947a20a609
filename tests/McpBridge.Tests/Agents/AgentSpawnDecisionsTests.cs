using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Agents;
using DynamoMcp.McpBridge.Auth;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Agents;

public sealed class AgentSpawnDecisionsTests
{
    private static readonly AgentSpawnRequest Valid = new("Summarise the open issues.", ["create_project", "memory__*"], null, 5000, 10, 300, 2, null, "summariser");

    [Fact]
    public void Arguments_within_the_CRD_limits_have_no_problems()
    {
        AgentSpawnDecisions.Problems(Valid).Should().BeEmpty();
        AgentSpawnDecisions.Problems(new AgentSpawnRequest("x", null, null, null, null, null, null, null, null)).Should().BeEmpty();
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var problems = AgentSpawnDecisions.Problems(new AgentSpawnRequest(
            " ", ["ok_tool", "bad tool", "", "two**", "memory__*"], null, 0, 1001, 86401, 11, new string('p', 16385), "Not_A_Name"));

        problems.Should().HaveCount(10);
        problems.Should().Contain(p => p.StartsWith("goal: required", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("tools: 'bad tool' is not a tool name", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("tools: '' is not a tool name", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("tools: 'two**' is not a tool name", StringComparison.Ordinal));
        problems.Should().Contain("maxTokens: 0 is out of range, allowed 1 to 1000000000");
        problems.Should().Contain("maxTurns: 1001 is out of range, allowed 1 to 1000");
        problems.Should().Contain("timeoutSeconds: 86401 is out of range, allowed 1 to 86400");
        problems.Should().Contain("maxDepth: 11 is out of range, allowed 1 to 10");
        problems.Should().Contain(p => p.StartsWith("systemPrompt: 16385 characters", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("name: 'Not_A_Name' is not a valid Agent name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_goal_over_16_KiB_a_bad_name_and_too_many_tools_are_refused()
    {
        var problems = AgentSpawnDecisions.Problems(Valid with
        {
            Goal = new string('g', 16385),
            Name = "Bad_Name",
            Tools = [.. Enumerable.Range(0, 65).Select(i => $"tool{i}")],
        });

        problems.Should().HaveCount(3);
        problems.Should().Contain(p => p.StartsWith("goal: 16385 characters, at most 16384", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("name: 'Bad_Name' is not a valid Agent name", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("tools: 65 entries, at most 64", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("create_project", true)]
    [InlineData("memory__*", true)]
    [InlineData("*", true)]
    [InlineData("ns/tool.v2-x", true)]
    [InlineData("bad tool", false)]
    [InlineData("a*b", false)]
    [InlineData("", false)]
    public void Tool_entries_are_names_or_prefixes_ending_in_a_star(string tool, bool wellFormed) =>
        AgentSpawnDecisions.IsWellFormedTool(tool).Should().Be(wellFormed);

    [Fact]
    public void A_childs_tools_must_lie_within_the_parents_allowlist()
    {
        var parent = new AgentCaller("parent", ["create_project", "memory__*", "spawn_agent"]);

        AgentSpawnDecisions.ToolsOutside(parent, ["create_project", "memory__read", "memory__*", "memory__graph_*", "spawn_agent"]).Should().BeEmpty();
        AgentSpawnDecisions.ToolsOutside(parent, ["create_project", "remove_template", "mem*", "*", "remove_template"])
            .Should().Equal("remove_template", "mem*", "*");
        AgentSpawnDecisions.ToolsOutside(new AgentCaller("bare", []), ["list_templates"]).Should().Equal("list_templates");
        AgentSpawnDecisions.ToolsOutside(new AgentCaller("all", ["*"]), ["anything", "memory__*"]).Should().BeEmpty();
    }

    [Fact]
    public void Remaining_tokens_take_off_the_subtree_spending_and_what_running_children_still_hold()
    {
        var parent = Parent(maxTokens: 10_000, subtree: 3_000, depth: 1, maxDepth: 3,
            new AgentChildGrant { Name = "running", MaxTokens = 4_000, Phase = AgentPhase.Running },
            new AgentChildGrant { Name = "done", MaxTokens = 2_000, UsedTokens = 500, Phase = AgentPhase.Succeeded });
        var running = Child("running", subtree: 1_000);

        // 10 000 − 3 000 spent (own and children's, the running child's 1 000 included) − (4 000 − 1 000) still reserved.
        AgentSpawnDecisions.RemainingTokens(parent, n => n == "running" ? running : null).Should().Be(4_000);
        AgentSpawnDecisions.RemainingTokens(Parent(maxTokens: null, subtree: 50, depth: 1, maxDepth: 3), _ => null).Should().BeNull();
    }

    [Fact]
    public void A_parent_without_tokens_or_depth_left_or_already_ended_is_refused_early()
    {
        AgentSpawnDecisions.ParentRefusal(Parent(maxTokens: 10_000, subtree: 2_000, depth: 1, maxDepth: 3), _ => null).Should().BeNull();
        AgentSpawnDecisions.ParentRefusal(Parent(maxTokens: null, subtree: 2_000, depth: 2, maxDepth: 3), _ => null).Should().BeNull();

        AgentSpawnDecisions.ParentRefusal(Parent(maxTokens: 10_000, subtree: 10_000, depth: 1, maxDepth: 3), _ => null)
            .Should().Contain("has no tokens left to give a child").And.Contain("Nothing was created");
        AgentSpawnDecisions.ParentRefusal(
                Parent(maxTokens: 10_000, subtree: 4_000, depth: 1, maxDepth: 3, new AgentChildGrant { Name = "big", MaxTokens = 6_000, Phase = AgentPhase.Running }),
                _ => null)
            .Should().Contain("no tokens left");
        AgentSpawnDecisions.ParentRefusal(Parent(maxTokens: null, subtree: 0, depth: 3, maxDepth: 3), _ => null)
            .Should().Contain("depth 4 of a tree that may go 3 deep");
        var ended = Parent(maxTokens: null, subtree: 0, depth: 1, maxDepth: 3);
        ended.Status.Phase = AgentPhase.Succeeded;
        AgentSpawnDecisions.ParentRefusal(ended, _ => null).Should().Contain("has already ended (Succeeded)");
    }

    [Fact]
    public void The_model_config_is_the_one_asked_for_else_the_parents_else_the_only_one()
    {
        var parent = Parent(maxTokens: null, subtree: 0, depth: 1, maxDepth: 3);
        parent.Spec.ModelConfigRef = new ModelConfigReference { Name = "inherited" };

        AgentSpawnDecisions.ChooseModelConfig("b", null, ["a", "b"], "ns").Should().Be(("b", (string?)null));
        AgentSpawnDecisions.ChooseModelConfig(null, parent, ["a", "b"], "ns").Should().Be(("inherited", (string?)null));
        AgentSpawnDecisions.ChooseModelConfig(null, null, ["only"], "ns").Should().Be(("only", (string?)null));

        AgentSpawnDecisions.ChooseModelConfig("c", null, ["a", "b"], "ns").Error.Should().Contain("ModelConfig 'c' was not found in namespace 'ns' (there: a, b)");
        AgentSpawnDecisions.ChooseModelConfig(null, null, ["a", "b"], "ns").Error.Should().Contain("several ModelConfigs (a, b)").And.Contain("modelConfig");
        AgentSpawnDecisions.ChooseModelConfig(null, null, [], "ns").Error.Should().Contain("No ModelConfig exists in namespace 'ns'");
    }

    [Fact]
    public void The_subtree_of_an_agent_is_it_and_everything_whose_parent_chain_reaches_it()
    {
        var agents = new[] { Child("root", 0), Child("a", 0, "root"), Child("b", 0, "a"), Child("other", 0), Child("loop1", 0, "loop2"), Child("loop2", 0, "loop1") }
            .ToDictionary(a => a.Metadata.Name);
        Agent? Lookup(string n) => agents.GetValueOrDefault(n);

        AgentSpawnDecisions.IsInSubtree("b", "root", Lookup).Should().BeTrue();
        AgentSpawnDecisions.IsInSubtree("a", "a", Lookup).Should().BeTrue();
        AgentSpawnDecisions.IsInSubtree("root", "a", Lookup).Should().BeFalse();
        AgentSpawnDecisions.IsInSubtree("other", "root", Lookup).Should().BeFalse();
        AgentSpawnDecisions.IsInSubtree("missing", "root", Lookup).Should().BeFalse();
        AgentSpawnDecisions.IsInSubtree("loop1", "root", Lookup).Should().BeFalse();
    }

    [Fact]
    public void The_bridge_sets_parent_ref_and_a_non_controller_owner_for_an_agent_callers_child()
    {
        var parent = Child("parent", 0);
        parent.Metadata.Uid = "uid-1";

        var child = AgentManifests.Agent("ns", "parent-abcde", Valid, ["memory__*"], "model", parent, "agnes");
        child.Spec.ParentRef!.Name.Should().Be("parent");
        var owner = child.Metadata.OwnerReferences.Should().ContainSingle().Subject;
        (owner.Kind, owner.Name, owner.Uid, owner.ApiVersion, owner.Controller, owner.BlockOwnerDeletion)
            .Should().Be(("Agent", "parent", "uid-1", "dynamo-mcp.io/v1alpha1", (bool?)false, (bool?)true));

        var root = AgentManifests.Agent("ns", "agent-abcde", Valid, [], "model", null, "agnes");
        root.Spec.ParentRef.Should().BeNull();
        root.Metadata.OwnerReferences.Should().BeNull();
        root.Spec.Tools.Should().BeNull();
    }

    internal static Agent Parent(long? maxTokens, long subtree, int depth, int maxDepth, params AgentChildGrant[] children) => new()
    {
        Metadata = new V1ObjectMeta { Name = "parent", NamespaceProperty = "ns" },
        Spec = new AgentSpec { Goal = "g", ModelConfigRef = new ModelConfigReference { Name = "m" } },
        Status = new AgentStatus
        {
            Phase = AgentPhase.Running,
            Budget = new AgentBudget { MaxTokens = maxTokens, Depth = depth, MaxDepth = maxDepth },
            SubtreeTokens = subtree,
            Children = children.Length == 0 ? null : [.. children],
        },
    };

    internal static Agent Child(string name, long subtree, string? parent = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns" },
        Spec = new AgentSpec { Goal = "g", ModelConfigRef = new ModelConfigReference { Name = "m" }, ParentRef = parent is null ? null : new AgentReference { Name = parent } },
        Status = new AgentStatus { Phase = AgentPhase.Running, SubtreeTokens = subtree },
    };
}
