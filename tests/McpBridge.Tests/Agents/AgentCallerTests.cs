using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Agents;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Tests.Agents;

/// <summary>
/// <see cref="AgentService"/> called as an agent (a <see cref="BridgeIdentity"/> with <see cref="AgentCaller"/>, as
/// the authentication sets it) against the fixture's cluster: the bridge makes the caller the parent, keeps the
/// child's tools within the caller's, refuses early without budget or depth, and confines terminate and list to the
/// caller's subtree. The identity impersonates Agnes, whose RBAC allows agents in her namespace.
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class AgentCallerTests(BridgeFixture fx)
{
    private static readonly Tenants.Tenant Tenant = Tenants.Agnes;

    private static readonly string[] ParentTools = ["spawn_agent", "list_templates", "memory__*"];

    private AgentService Service => fx.Bridge.App.Services.GetRequiredService<AgentService>();

    [Fact]
    public async Task A_child_gets_its_parent_from_the_bridge_its_owner_reference_and_the_parents_model_config()
    {
        var ct = TestContext.Current.CancellationToken;
        // Otto's namespace has two ModelConfigs: only the parent's can be the default.
        var ns = Tenants.Otto.Namespace;
        await AgentCacheWaits.ModelConfigsAsync(fx, ns, ["otto-a", "otto-b"], ct);
        var parent = await RunningParentAsync(ns, "caller-parent", "otto-b", maxTokens: 10_000, depth: 1, maxDepth: 3, ct);

        var child = await Service.CreateAsync(Caller("caller-parent", Tenants.Otto), ns, Request(["memory__read", "list_templates"]), ct);

        child.Metadata.Name.Should().MatchRegex("^caller-parent-[a-z0-9]{5}$");
        var stored = await fx.AgentOperator.GetAsync(ns, child.Metadata.Name, ct);
        stored.Spec.ParentRef!.Name.Should().Be("caller-parent");
        stored.Spec.ModelConfigRef.Name.Should().Be("otto-b", "a child uses its parent's ModelConfig unless told, even with several in the namespace");
        stored.Spec.Tools.Should().Equal("memory__read", "list_templates");
        var owner = stored.Metadata.OwnerReferences.Should().ContainSingle().Subject;
        (owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion).Should().Be(("Agent", "caller-parent", parent.Metadata.Uid, (bool?)false, (bool?)true));
    }

    [Fact]
    public async Task Tools_beyond_the_parents_and_a_parent_without_budget_or_depth_are_refused_before_anything_is_created()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await AgentCacheWaits.ModelConfigsAsync(fx, ns, [AgentToolTests.Model], ct);
        await RunningParentAsync("caller-narrow", maxTokens: 10_000, depth: 1, maxDepth: 3, ct);
        await RunningParentAsync("caller-broke", maxTokens: 1_000, depth: 1, maxDepth: 3, ct);
        await fx.AgentOperator.UpdateAsync(ns, "caller-broke", (_, s) => s.SubtreeTokens = 1_000, ct);
        await AgentCacheWaits.AgentAsync(fx, ns, "caller-broke", a => a.Status?.SubtreeTokens == 1_000, ct);
        await RunningParentAsync("caller-deep", maxTokens: null, depth: 3, maxDepth: 3, ct);

        var outside = await Refused(Service.CreateAsync(Caller("caller-narrow"), ns, Request(["memory__read", "remove_template", "mem*"], "caller-narrow-x"), ct));
        outside.Should().Contain("not allowed to you: remove_template, mem*").And.Contain("Nothing was created");

        var broke = await Refused(Service.CreateAsync(Caller("caller-broke"), ns, Request(["memory__read"], "caller-broke-x"), ct));
        broke.Should().Contain("has no tokens left to give a child");

        var deep = await Refused(Service.CreateAsync(Caller("caller-deep"), ns, Request(["memory__read"], "caller-deep-x"), ct));
        deep.Should().Contain("depth 4 of a tree that may go 3 deep");

        var elsewhere = await Refused(Service.CreateAsync(Caller("caller-narrow"), Tenants.Otto.Namespace, Request([], "caller-elsewhere"), ct));
        elsewhere.Should().Contain("only in its own namespace");

        var unknown = await Refused(Service.CreateAsync(Caller("caller-ghost"), ns, Request([], "caller-ghost-x"), ct));
        unknown.Should().Contain("Your agent 'caller-ghost' was not found");

        var names = (await fx.AgentOperator.ListAsync(ns, ct)).Select(a => a.Metadata.Name).ToList();
        names.Should().NotContain(["caller-narrow-x", "caller-broke-x", "caller-deep-x", "caller-ghost-x"]);
        (await fx.AgentOperator.ListAsync(Tenants.Otto.Namespace, ct)).Should().NotContain(a => a.Metadata.Name == "caller-elsewhere");
    }

    [Fact]
    public async Task An_agent_terminates_and_lists_only_its_own_subtree()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        var op = fx.AgentOperator;
        await AgentCacheWaits.ModelConfigsAsync(fx, ns, [AgentToolTests.Model], ct);
        await RunningParentAsync("sub-root", maxTokens: null, depth: 1, maxDepth: 3, ct);
        await op.CreateAgentAsync(ns, "sub-mid", AgentToolTests.Model, ct, parent: "sub-root");
        await op.CreateAgentAsync(ns, "sub-leaf", AgentToolTests.Model, ct, parent: "sub-mid");
        await op.CreateAgentAsync(ns, "sub-stranger", AgentToolTests.Model, ct);
        await AgentCacheWaits.AgentAsync(fx, ns, "sub-leaf", _ => true, ct);
        await AgentCacheWaits.AgentAsync(fx, ns, "sub-stranger", _ => true, ct);
        var mid = Caller("sub-mid");

        var refused = await Refused(Service.TerminateAsync(mid, ns, "sub-root", ct));
        refused.Should().Contain("Agent 'sub-root' is not in your subtree");
        (await Refused(Service.TerminateAsync(mid, ns, "sub-stranger", ct))).Should().Contain("not in your subtree");
        (await op.GetAsync(ns, "sub-root", ct)).Spec.Terminate.Should().BeNull();
        (await op.GetAsync(ns, "sub-stranger", ct)).Spec.Terminate.Should().BeNull();

        var terminated = await Service.TerminateAsync(mid, ns, "sub-leaf", ct);
        terminated.TerminateRequested.Should().BeTrue();
        (await op.GetAsync(ns, "sub-leaf", ct)).Spec.Terminate.Should().BeTrue();

        var listed = await Service.ListAsync(mid, ns, null, ct);
        listed.Root.Should().Be("sub-mid");
        var node = listed.Agents.Should().ContainSingle().Subject;
        node.Name.Should().Be("sub-mid");
        node.Children.Select(c => c.Name).Should().Equal("sub-leaf");
        (await Service.ListAsync(Caller("sub-root"), ns, null, ct)).Count.Should().Be(3);
    }

    private static BridgeIdentity Caller(string agent, Tenants.Tenant? tenant = null) =>
        new($"agent:{agent}", (tenant ?? Tenant).Namespace, (tenant ?? Tenant).Name, ["dynamo-mcp:tenants"]) { Agent = new AgentCaller(agent, ParentTools) };

    private static AgentSpawnRequest Request(IReadOnlyList<string> tools, string? name = null) =>
        new("Look something up for your parent.", tools, null, null, null, null, null, null, name);

    private Task<Agent> RunningParentAsync(string name, long? maxTokens, int depth, int maxDepth, CancellationToken ct) =>
        RunningParentAsync(Tenant.Namespace, name, AgentToolTests.Model, maxTokens, depth, maxDepth, ct);

    private async Task<Agent> RunningParentAsync(string ns, string name, string model, long? maxTokens, int depth, int maxDepth, CancellationToken ct)
    {
        await fx.AgentOperator.CreateAgentAsync(ns, name, model, ct, tools: ParentTools);
        await fx.AgentOperator.AdmitAsync(ns, name, maxTokens, depth, maxDepth, ct);
        return await AgentCacheWaits.AgentAsync(fx, ns, name, a => a.Status?.Budget is not null, ct);
    }

    private static async Task<string> Refused<T>(Task<T> call)
    {
        var refusal = await call.Invoking(async c => await c).Should().ThrowAsync<McpException>();
        return refusal.Which.Message;
    }
}
