using System.Text.Json;
using DynamoMcp.Api.Conditions;
using DynamoMcp.McpBridge.Tests.Integration;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Agents;

/// <summary>
/// The agent tools through the real MCP client, with the test playing the agent controller (writing Agent status).
/// Every test uses its own Agent names in Agnes's namespace (one ModelConfig) and looks only at those.
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class AgentToolTests(BridgeFixture fx)
{
    public const string Model = "agnes-model";

    private static readonly Tenants.Tenant Tenant = Tenants.Agnes;

    [Fact]
    public async Task Spawn_agent_refuses_bad_arguments_and_unknown_or_ambiguous_model_configs_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await AgentCacheWaits.ModelConfigsAsync(fx, Tenant.Namespace, [Model], ct);
        await AgentCacheWaits.ModelConfigsAsync(fx, Tenants.Otto.Namespace, ["otto-a", "otto-b"], ct);
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);

        var refused = await client.CallToolAsync(
            "spawn_agent",
            new Dictionary<string, object?> { ["goal"] = "", ["tools"] = new[] { "bad tool", "memory__*" }, ["maxTurns"] = 0, ["maxDepth"] = 11, ["name"] = "Bad_Name" },
            cancellationToken: ct);

        refused.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(refused).Should().Contain("nothing was created")
            .And.Contain("- goal: required")
            .And.Contain("- tools: 'bad tool' is not a tool name")
            .And.Contain("- maxTurns: 0 is out of range, allowed 1 to 1000")
            .And.Contain("- maxDepth: 11 is out of range, allowed 1 to 10")
            .And.Contain("- name: 'Bad_Name' is not a valid Agent name")
            .And.NotContain("memory__*");

        var unknown = await client.CallToolAsync(
            "spawn_agent", new Dictionary<string, object?> { ["goal"] = "g", ["modelConfig"] = "nope", ["name"] = "val-unknown-model" }, cancellationToken: ct);
        unknown.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(unknown).Should().Contain($"ModelConfig 'nope' was not found in namespace '{Tenant.Namespace}' (there: {Model})");

        await using var otto = await fx.ConnectAsync(Tenants.Otto.ApiKey, null, ct);
        var ambiguous = await otto.CallToolAsync("spawn_agent", new Dictionary<string, object?> { ["goal"] = "g", ["name"] = "val-several" }, cancellationToken: ct);
        ambiguous.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(ambiguous).Should().Contain("several ModelConfigs (otto-a, otto-b): pass one as modelConfig");

        await using var frank = await fx.ConnectAsync(Tenants.Frank.ApiKey, null, ct);
        var none = await frank.CallToolAsync("spawn_agent", new Dictionary<string, object?> { ["goal"] = "g", ["name"] = "val-none" }, cancellationToken: ct);
        none.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(none).Should().Contain($"No ModelConfig exists in namespace '{Tenants.Frank.Namespace}'");

        (await fx.AgentOperator.ListAsync(Tenant.Namespace, ct)).Should().NotContain(a => a.Metadata.Name.StartsWith("val-", StringComparison.Ordinal) || a.Metadata.Name == "Bad_Name");
        (await fx.AgentOperator.ListAsync(Tenants.Otto.Namespace, ct)).Should().NotContain(a => a.Metadata.Name == "val-several");
        (await fx.AgentOperator.ListAsync(Tenants.Frank.Namespace, ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Spawn_agent_without_wait_creates_the_agent_as_asked_and_returns_its_name()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await AgentCacheWaits.ModelConfigsAsync(fx, ns, [Model], ct);
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);

        var result = await client.CallToolAsync(
            "spawn_agent",
            new Dictionary<string, object?>
            {
                ["goal"] = "List the templates and summarise them.",
                ["tools"] = new[] { "list_templates", "memory__*", "list_templates" },
                ["maxTokens"] = 5000,
                ["maxTurns"] = 7,
                ["timeoutSeconds"] = 120,
                ["maxDepth"] = 2,
                ["systemPrompt"] = "Be brief.",
                ["name"] = "nowait-1",
                ["wait"] = false,
            },
            cancellationToken: ct);

        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        var body = result.StructuredContent!.Value;
        body.GetProperty("name").GetString().Should().Be("nowait-1");
        body.GetProperty("phase").GetString().Should().Be("Pending");
        body.GetProperty("finished").GetBoolean().Should().BeFalse();
        body.GetProperty("hint").GetString().Should().Contain("get_agent_result with name 'nowait-1'");

        var stored = await fx.AgentOperator.GetAsync(ns, "nowait-1", ct);
        stored.Spec.Goal.Should().Be("List the templates and summarise them.");
        stored.Spec.ModelConfigRef.Name.Should().Be(Model, "the namespace's only ModelConfig is the default");
        stored.Spec.Tools.Should().Equal("list_templates", "memory__*");
        (stored.Spec.MaxTokens, stored.Spec.MaxTurns, stored.Spec.TimeoutSeconds, stored.Spec.MaxDepth).Should().Be((5000L, 7, 120, 2));
        stored.Spec.SystemPrompt.Should().Be("Be brief.");
        stored.Spec.ParentRef.Should().BeNull("a person's agent is a root");
        stored.Spec.Terminate.Should().BeNull();
        stored.Metadata.OwnerReferences.Should().BeNullOrEmpty();
        stored.Metadata.Labels.Should().Contain("dynamo-mcp.io/created-by", Tenant.Name);

        var generated = await client.CallToolAsync(
            "spawn_agent", new Dictionary<string, object?> { ["goal"] = "Another one.", ["wait"] = false }, cancellationToken: ct);
        generated.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(generated));
        var name = generated.StructuredContent!.Value.GetProperty("name").GetString()!;
        name.Should().MatchRegex("^agent-[a-z0-9]{5}$");
        (await fx.AgentOperator.GetAsync(ns, name, ct)).Spec.Tools.Should().BeNull("no tools were asked for");
    }

    [Fact]
    public async Task Spawn_agent_reports_each_turn_as_progress_and_returns_the_result()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await AgentCacheWaits.ModelConfigsAsync(fx, ns, [Model], ct);
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);

        var progress = new RecordingProgress();
        var call = client.CallToolAsync(
            "spawn_agent",
            new Dictionary<string, object?> { ["goal"] = "Count the open issues.", ["modelConfig"] = Model, ["maxTurns"] = 5, ["name"] = "waited-1" },
            progress,
            cancellationToken: ct).AsTask();
        await fx.AgentOperator.WaitForAsync(ns, "waited-1", ct);
        await progress.WaitForAsync(p => p.Progress == 0, ct);

        await fx.AgentOperator.AdmitAsync(ns, "waited-1", maxTokens: null, depth: 1, maxDepth: 3, ct);
        await progress.WaitForAsync(p => p.Message == "turn 0 of 5, 0 tokens", ct);
        await fx.AgentOperator.RunAsync(ns, "waited-1", turns: 1, tokens: 1200, ct);
        await progress.WaitForAsync(p => p.Message == "turn 1 of 5, 1 200 tokens", ct);
        await fx.AgentOperator.RunAsync(ns, "waited-1", turns: 2, tokens: 2500, ct);
        await progress.WaitForAsync(p => p.Message == "turn 2 of 5, 2 500 tokens", ct);
        await fx.AgentOperator.SucceedAsync(ns, "waited-1", "There are 3 open issues.", new Dictionary<string, object?> { ["issues"] = 3L }, ct);
        var result = await call;

        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        var body = result.StructuredContent!.Value;
        body.GetProperty("name").GetString().Should().Be("waited-1");
        body.GetProperty("phase").GetString().Should().Be("Succeeded");
        body.GetProperty("finished").GetBoolean().Should().BeTrue();
        body.GetProperty("reason").GetString().Should().Be(ConditionReasons.Succeeded);
        body.GetProperty("text").GetString().Should().Be("There are 3 open issues.");
        body.GetProperty("structured").GetProperty("issues").GetInt32().Should().Be(3);
        body.GetProperty("usage").GetProperty("turns").GetInt32().Should().Be(2);
        body.GetProperty("usage").GetProperty("totalTokens").GetInt64().Should().Be(2500);
        body.GetProperty("parent").ValueKind.Should().Be(JsonValueKind.Null);

        // The final notification (Succeeded) is on the wire before the result, but the client may drop it once the
        // call has completed: only the turns are asserted (AgentProgressTests covers the final message).
        var values = progress.Reports.Select(p => p.Progress).ToList();
        values.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        progress.Reports.Should().OnlyContain(p => p.Total == 5);
    }

    [Fact]
    public async Task Past_the_wait_deadline_spawn_agent_returns_the_name_to_follow_and_cancelling_the_call_leaves_the_agent_running()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await AgentCacheWaits.ModelConfigsAsync(fx, ns, [Model], ct);
        await using var bridge = await fx.StartBridgeAsync(
            new Dictionary<string, string?> { ["Bridge:WaitDeadline"] = "00:00:02", ["Bridge:ToolDeadline"] = "00:01:00" }, ct);
        await using var client = await BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, Tenant.ApiKey, null, ct);

        var call = client.CallToolAsync("spawn_agent", new Dictionary<string, object?> { ["goal"] = "Take your time.", ["name"] = "slow-1" }, cancellationToken: ct).AsTask();
        await fx.AgentOperator.WaitForAsync(ns, "slow-1", ct);
        await fx.AgentOperator.AdmitAsync(ns, "slow-1", maxTokens: null, depth: 1, maxDepth: 3, ct);
        var result = await call;

        // Nobody ends the agent: the wait ends. Whether the bridge saw Running before its 2 s were up depends on the machine.
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        var body = result.StructuredContent!.Value;
        body.GetProperty("name").GetString().Should().Be("slow-1");
        body.GetProperty("finished").GetBoolean().Should().BeFalse();
        body.GetProperty("phase").GetString().Should().BeOneOf("Pending", "Running");
        body.GetProperty("hint").GetString().Should().Contain("Still").And.Contain("get_agent_result (or get_agent_status) with name 'slow-1'");

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var cancelled = client.CallToolAsync("spawn_agent", new Dictionary<string, object?> { ["goal"] = "Be cancelled.", ["name"] = "slow-2" }, cancellationToken: cancel.Token).AsTask();
        await fx.AgentOperator.WaitForAsync(ns, "slow-2", ct);
        await cancel.CancelAsync();
        await cancelled.Invoking(async c => await c).Should().ThrowAsync<OperationCanceledException>();
        var left = await fx.AgentOperator.GetAsync(ns, "slow-2", ct);
        left.Spec.Terminate.Should().BeNull("cancelling the call stops the wait, not the agent");
        left.Metadata.DeletionTimestamp.Should().BeNull();
    }

    [Fact]
    public async Task Status_result_and_list_show_budget_children_and_the_tree()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        var op = fx.AgentOperator;
        await AgentCacheWaits.ModelConfigsAsync(fx, ns, [Model], ct);
        await op.CreateAgentAsync(ns, "tree-root", Model, ct, tools: ["spawn_agent", "memory__*"]);
        await op.AdmitAsync(ns, "tree-root", maxTokens: 10_000, depth: 1, maxDepth: 3, ct);
        await op.CreateAgentAsync(ns, "tree-child", Model, ct, parent: "tree-root", tools: ["memory__*"], maxTokens: 4_000);
        await op.AdmitAsync(ns, "tree-child", maxTokens: 4_000, depth: 2, maxDepth: 3, ct);
        await op.RunAsync(ns, "tree-child", turns: 2, tokens: 300, ct);
        await op.RunAsync(ns, "tree-root", turns: 3, tokens: 1_000, ct);
        await op.GrantChildrenAsync(ns, "tree-root", ct);
        await AgentCacheWaits.AgentAsync(fx, ns, "tree-root", a => a.Status?.Children?.Count == 1 && a.Status.SubtreeTokens == 1_300, ct);
        await AgentCacheWaits.AgentAsync(fx, ns, "tree-child", a => a.Status?.Usage?.Turns == 2, ct);
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);

        var status = await Call(client, "get_agent_status", new() { ["name"] = "tree-root" }, ct);
        status.GetProperty("phase").GetString().Should().Be("Running");
        status.GetProperty("reason").GetString().Should().Be(ConditionReasons.Running);
        status.GetProperty("depth").GetInt32().Should().Be(1);
        status.GetProperty("parent").ValueKind.Should().Be(JsonValueKind.Null);
        status.GetProperty("modelConfig").GetString().Should().Be(Model);
        status.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).Should().Equal("spawn_agent", "memory__*");
        status.GetProperty("usage").GetProperty("turns").GetInt32().Should().Be(3);
        status.GetProperty("usage").GetProperty("subtreeTokens").GetInt64().Should().Be(1_300);
        var budget = status.GetProperty("budget");
        budget.GetProperty("maxTokens").GetInt64().Should().Be(10_000);
        // 10 000 − 1 300 spent in the subtree − (4 000 − 300) still reserved for the running child.
        budget.GetProperty("remainingTokens").GetInt64().Should().Be(5_000);
        budget.GetProperty("maxDepth").GetInt32().Should().Be(3);
        var child = status.GetProperty("children").EnumerateArray().Should().ContainSingle().Subject;
        child.GetProperty("name").GetString().Should().Be("tree-child");
        child.GetProperty("phase").GetString().Should().Be("Running");
        child.GetProperty("reservedTokens").GetInt64().Should().Be(4_000);
        child.GetProperty("usedTokens").GetInt64().Should().Be(300);
        status.GetProperty("transcript").EnumerateArray().Select(t => t.GetProperty("summary").GetString()).Should().Equal("turn 1 of tree-root", "turn 2 of tree-root", "turn 3 of tree-root");
        status.GetProperty("conditions").EnumerateArray().Should().Contain(c => c.GetProperty("type").GetString() == "Reconciling" && c.GetProperty("status").GetString() == "True");

        var running = await client.CallToolAsync("get_agent_result", new Dictionary<string, object?> { ["name"] = "tree-child" }, cancellationToken: ct);
        running.IsError.Should().NotBe(true, "an agent that still runs is an answer, not an error");
        running.StructuredContent!.Value.GetProperty("finished").GetBoolean().Should().BeFalse();
        running.StructuredContent!.Value.GetProperty("text").ValueKind.Should().Be(JsonValueKind.Null);
        running.StructuredContent!.Value.GetProperty("hint").GetString().Should().Contain("there is no result yet");

        await op.EndAsync(ns, "tree-child", ConditionReasons.MaxTurnsExceeded, "It used all 20 turns without finishing.", ct);
        await AgentCacheWaits.AgentAsync(fx, ns, "tree-child", a => a.Status?.Phase == Api.V1Alpha1.AgentPhase.Failed, ct);
        var failed = await Call(client, "get_agent_result", new() { ["name"] = "tree-child" }, ct);
        failed.GetProperty("phase").GetString().Should().Be("Failed");
        failed.GetProperty("reason").GetString().Should().Be(ConditionReasons.MaxTurnsExceeded);
        failed.GetProperty("message").GetString().Should().Be("It used all 20 turns without finishing.");
        failed.GetProperty("parent").GetString().Should().Be("tree-root");
        failed.GetProperty("hint").GetString().Should().Contain("The agent failed (MaxTurnsExceeded): It used all 20 turns without finishing.");

        var listed = await Call(client, "list_agents", new(), ct);
        var root = listed.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "tree-root");
        root.GetProperty("depth").GetInt32().Should().Be(1);
        root.GetProperty("turns").GetInt32().Should().Be(3);
        root.GetProperty("tokens").GetInt64().Should().Be(1_300);
        var nested = root.GetProperty("children").EnumerateArray().Should().ContainSingle().Subject;
        (nested.GetProperty("name").GetString(), nested.GetProperty("phase").GetString(), nested.GetProperty("depth").GetInt32())
            .Should().Be(("tree-child", "Failed", 2));
        listed.GetProperty("agents").EnumerateArray().Should().NotContain(a => a.GetProperty("name").GetString() == "tree-child", "a child is nested, not a root");

        var subtree = await Call(client, "list_agents", new() { ["root"] = "tree-child" }, ct);
        subtree.GetProperty("count").GetInt32().Should().Be(1);
        subtree.GetProperty("agents").EnumerateArray().Single().GetProperty("name").GetString().Should().Be("tree-child");

        var missing = await client.CallToolAsync("get_agent_status", new Dictionary<string, object?> { ["name"] = "tree-nope" }, cancellationToken: ct);
        missing.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(missing).Should().Contain($"Agent 'tree-nope' was not found in namespace '{ns}'").And.Contain("list_agents");
    }

    [Fact]
    public async Task Terminate_agent_sets_terminate_once_and_leaves_an_ended_agent_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        var op = fx.AgentOperator;
        await AgentCacheWaits.ModelConfigsAsync(fx, ns, [Model], ct);
        await op.CreateAgentAsync(ns, "term-running", Model, ct);
        await op.AdmitAsync(ns, "term-running", maxTokens: null, depth: 1, maxDepth: 3, ct);
        await op.CreateAgentAsync(ns, "term-done", Model, ct);
        await op.SucceedAsync(ns, "term-done", "done", null, ct);
        await AgentCacheWaits.AgentAsync(fx, ns, "term-running", a => a.Status?.Phase == Api.V1Alpha1.AgentPhase.Running, ct);
        await AgentCacheWaits.AgentAsync(fx, ns, "term-done", a => a.Status?.Phase == Api.V1Alpha1.AgentPhase.Succeeded, ct);
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);

        var first = await Call(client, "terminate_agent", new() { ["name"] = "term-running" }, ct);
        first.GetProperty("terminateRequested").GetBoolean().Should().BeTrue();
        first.GetProperty("alreadyFinished").GetBoolean().Should().BeFalse();
        first.GetProperty("hint").GetString().Should().Contain("all its descendants");
        (await op.GetAsync(ns, "term-running", ct)).Spec.Terminate.Should().BeTrue();
        await AgentCacheWaits.AgentAsync(fx, ns, "term-running", a => a.Spec.Terminate == true, ct);

        var again = await Call(client, "terminate_agent", new() { ["name"] = "term-running" }, ct);
        again.GetProperty("terminateRequested").GetBoolean().Should().BeTrue();
        again.GetProperty("alreadyFinished").GetBoolean().Should().BeFalse();

        var ended = await Call(client, "terminate_agent", new() { ["name"] = "term-done" }, ct);
        ended.GetProperty("alreadyFinished").GetBoolean().Should().BeTrue();
        ended.GetProperty("phase").GetString().Should().Be("Succeeded");
        ended.GetProperty("hint").GetString().Should().Contain("already ended (Succeeded)");
        (await op.GetAsync(ns, "term-done", ct)).Spec.Terminate.Should().BeNull();

        var tools = await client.ListToolsAsync(cancellationToken: ct);
        var terminate = tools.Single(t => t.Name == "terminate_agent").ProtocolTool.Annotations!;
        (terminate.DestructiveHint, terminate.IdempotentHint, terminate.ReadOnlyHint).Should().Be(((bool?)true, (bool?)true, (bool?)false));
        var spawn = tools.Single(t => t.Name == "spawn_agent").ProtocolTool.Annotations!;
        (spawn.DestructiveHint, spawn.IdempotentHint, spawn.ReadOnlyHint).Should().Be(((bool?)false, (bool?)false, (bool?)false));
        tools.Where(t => t.Name is "list_agents" or "get_agent_status" or "get_agent_result").Should().HaveCount(3)
            .And.OnlyContain(t => t.ProtocolTool.Annotations!.ReadOnlyHint == true);
    }

    private static async Task<JsonElement> Call(McpClient client, string tool, Dictionary<string, object?> arguments, CancellationToken ct)
    {
        CallToolResult result = await client.CallToolAsync(tool, arguments, cancellationToken: ct);
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        return result.StructuredContent!.Value;
    }
}
