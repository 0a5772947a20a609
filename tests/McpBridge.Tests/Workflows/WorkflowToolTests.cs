using System.Text.Json;
using System.Threading.Channels;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Tests.Integration;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Workflows;

/// <summary>
/// The workflow tools through the real MCP client, with the test playing the operator (validating Workflows, writing
/// the runs' status). Every test uses its own Workflow names in Wendy's namespace and looks only at those.
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class WorkflowToolTests(BridgeFixture fx)
{
    private static readonly Tenants.Tenant Tenant = Tenants.Wendy;

    private static readonly JsonElement Inputs = JsonDocument.Parse("""
        {
          "type": "object",
          "required": ["service"],
          "additionalProperties": false,
          "properties": {
            "service": {"type": "string", "pattern": "^[a-z]+$", "description": "Service to release"},
            "replicas": {"type": "integer", "minimum": 1, "default": 2},
            "channel": {"type": "string", "enum": ["stable", "beta"]}
          }
        }
        """).RootElement;

    [Fact]
    public async Task List_workflows_shows_which_can_run_and_why_the_others_cannot()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await fx.WorkflowOperator.CreateWorkflowAsync(ns, "list-ok", ["build", "ship"], Inputs, ct);
        await fx.WorkflowOperator.ValidateWorkflowAsync(ns, "list-ok", ct);
        await fx.WorkflowOperator.CreateWorkflowAsync(
            ns, "list-cycle", ["a", "b"], null, ct, new Dictionary<string, string[]> { ["a"] = ["b"], ["b"] = ["a"] });
        await fx.WorkflowOperator.ValidateWorkflowAsync(ns, "list-cycle", ct);
        await fx.WorkflowOperator.CreateWorkflowAsync(ns, "list-new", ["only"], null, ct);
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);

        var listed = await ListUntilAsync(
            client, w => w["list-ok"].GetProperty("valid").GetBoolean() && w["list-cycle"].GetProperty("status").GetString()!.StartsWith("InvalidSpec", StringComparison.Ordinal) && w.ContainsKey("list-new"), ct);

        var ok = listed["list-ok"];
        ok.GetProperty("steps").EnumerateArray().Select(s => s.GetString()).Should().Equal("build", "ship");
        ok.GetProperty("tool").GetString().Should().Be("workflow_list-ok");
        ok.GetProperty("status").ValueKind.Should().Be(JsonValueKind.Null);
        var inputs = ok.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        inputs.Keys.Should().BeEquivalentTo("service", "replicas", "channel");
        inputs["service"].GetProperty("required").GetBoolean().Should().BeTrue();
        inputs["service"].GetProperty("type").GetString().Should().Be("string");
        inputs["replicas"].GetProperty("required").GetBoolean().Should().BeFalse();
        inputs["replicas"].GetProperty("default").GetInt32().Should().Be(2);
        inputs["channel"].GetProperty("choices").EnumerateArray().Select(c => c.GetString()).Should().Equal("stable", "beta");

        var cycle = listed["list-cycle"];
        cycle.GetProperty("valid").GetBoolean().Should().BeFalse();
        cycle.GetProperty("status").GetString().Should().StartWith("InvalidSpec: ").And.Contain("cycle").And.Contain("a → b");
        cycle.TryGetProperty("tool", out _).Should().BeFalse();

        var fresh = listed["list-new"];
        fresh.GetProperty("valid").GetBoolean().Should().BeFalse();
        fresh.GetProperty("status").GetString().Should().Contain("waiting for the operator");
    }

    [Fact]
    public async Task Run_workflow_refuses_inputs_that_do_not_fit_with_every_problem_and_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await fx.WorkflowOperator.CreateWorkflowAsync(ns, "strict", ["build"], Inputs, ct);
        await fx.WorkflowOperator.ValidateWorkflowAsync(ns, "strict", ct);
        await fx.WorkflowOperator.CreateWorkflowAsync(ns, "strict-cycle", ["a", "b"], null, ct, new Dictionary<string, string[]> { ["a"] = ["b"], ["b"] = ["a"] });
        await fx.WorkflowOperator.ValidateWorkflowAsync(ns, "strict-cycle", ct);
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);
        await ListUntilAsync(client, w => w["strict"].GetProperty("valid").GetBoolean() && w["strict-cycle"].TryGetProperty("status", out var s) && s.GetString()!.StartsWith("InvalidSpec", StringComparison.Ordinal), ct);

        var refused = await client.CallToolAsync(
            "run_workflow",
            new Dictionary<string, object?>
            {
                ["workflow"] = "strict",
                ["inputs"] = new Dictionary<string, object?> { ["replicas"] = 1.5, ["channel"] = "nightly", ["colour"] = "red" },
            },
            cancellationToken: ct);

        refused.IsError.Should().BeTrue();
        var text = TemplateLifecycleTests.Text(refused);
        text.Should().Contain("nothing was created")
            .And.Contain("- inputs.service: required")
            .And.Contain("- inputs.colour: not an input of this workflow")
            .And.Contain("- inputs.replicas: must be an integer, not a number")
            .And.Contain("- inputs.channel: must be one of \"stable\", \"beta\"")
            .And.Contain("list_workflows");

        var badPattern = await client.CallToolAsync(
            "run_workflow", new Dictionary<string, object?> { ["workflow"] = "strict", ["inputs"] = new Dictionary<string, object?> { ["service"] = "Billing-2" } }, cancellationToken: ct);
        TemplateLifecycleTests.Text(badPattern).Should().Contain("inputs.service: must match the pattern ^[a-z]+$");

        var unknown = await client.CallToolAsync("run_workflow", new Dictionary<string, object?> { ["workflow"] = "strict-nope" }, cancellationToken: ct);
        unknown.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(unknown).Should().Contain("Workflow 'strict-nope' was not found in namespace 'team-w'").And.Contain("list_workflows");

        var invalid = await client.CallToolAsync("run_workflow", new Dictionary<string, object?> { ["workflow"] = "strict-cycle" }, cancellationToken: ct);
        invalid.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(invalid).Should().Contain("Workflow 'strict-cycle' cannot run: InvalidSpec").And.Contain("cycle").And.Contain("Nothing was created");

        (await fx.WorkflowOperator.RunsOfAsync(ns, "strict", ct)).Should().BeEmpty();
        (await fx.WorkflowOperator.RunsOfAsync(ns, "strict-cycle", ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Run_workflow_reports_each_step_change_as_progress_and_returns_the_outputs()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await using var client = await ValidWorkflowAsync(fx.ConnectAsync(Tenant.ApiKey, null, ct), "release", ["lint", "render", "publish"], Inputs, ct);

        var progress = new RecordingProgress();
        var call = client.CallToolAsync(
            "run_workflow",
            new Dictionary<string, object?> { ["workflow"] = "release", ["inputs"] = new Dictionary<string, object?> { ["service"] = "billing" } },
            progress,
            cancellationToken: ct).AsTask();
        var run = await fx.WorkflowOperator.WaitForRunAsync(ns, "release", ct);
        run.Metadata.Name.Should().StartWith("release-");
        run.Spec.Inputs.Should().BeEquivalentTo(new Dictionary<string, object?> { ["service"] = "billing" });
        // The first report (before or after the bridge's cache has the run) says it waits for the operator.
        await progress.WaitForAsync(p => p.Progress == 0 && p.Message!.EndsWith("waiting for the operator", StringComparison.Ordinal), ct);

        // One change at a time, each seen by the client before the next: the notifications come in this order.
        (string, WorkflowStepPhase)[][] changes =
        [
            [("lint", WorkflowStepPhase.Running), ("render", WorkflowStepPhase.Pending), ("publish", WorkflowStepPhase.Pending)],
            [("lint", WorkflowStepPhase.Succeeded), ("render", WorkflowStepPhase.Running), ("publish", WorkflowStepPhase.Pending)],
            [("lint", WorkflowStepPhase.Succeeded), ("render", WorkflowStepPhase.Succeeded), ("publish", WorkflowStepPhase.Running)],
        ];
        string[] expected = ["0/3 lint: Running", "1/3 lint: Succeeded, render: Running", "2/3 render: Succeeded, publish: Running"];
        for (var i = 0; i < changes.Length; i++)
        {
            await fx.WorkflowOperator.ProgressRunAsync(ns, run.Metadata.Name, changes[i], ct);
            var message = expected[i];
            await progress.WaitForAsync(p => p.Message == message, ct);
        }

        await fx.WorkflowOperator.SucceedRunAsync(ns, run.Metadata.Name, new Dictionary<string, object?> { ["revision"] = "abc123", ["files"] = 12L }, inConfigMap: false, ct);
        var result = await call;

        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        var body = result.StructuredContent!.Value;
        body.GetProperty("name").GetString().Should().Be(run.Metadata.Name);
        body.GetProperty("phase").GetString().Should().Be("Succeeded");
        body.GetProperty("finished").GetBoolean().Should().BeTrue();
        body.GetProperty("progress").GetString().Should().Be("3/3");
        body.GetProperty("outputs").GetProperty("revision").GetString().Should().Be("abc123");
        body.GetProperty("outputs").GetProperty("files").GetInt32().Should().Be(12);
        body.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("phase").GetString()))
            .Should().Equal(("lint", "Succeeded"), ("render", "Succeeded"), ("publish", "Succeeded"));
        var messages = progress.Reports.Select(p => p.Message).ToList();
        messages.Where(m => expected.Contains(m)).Should().Equal(expected);
        var values = progress.Reports.Select(p => p.Progress).ToList();
        values.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        progress.Reports.Should().OnlyContain(p => p.Total == 3);
    }

    [Fact]
    public async Task A_failed_run_is_a_result_that_names_the_failing_step()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await using var client = await ValidWorkflowAsync(fx.ConnectAsync(Tenant.ApiKey, null, ct), "fragile", ["fetch", "compile"], null, ct);

        var call = client.CallToolAsync("run_workflow", new Dictionary<string, object?> { ["workflow"] = "fragile", ["name"] = "fragile-1" }, cancellationToken: ct).AsTask();
        await fx.WorkflowOperator.WaitForRunAsync(ns, "fragile", ct);
        await fx.WorkflowOperator.ProgressRunAsync(ns, "fragile-1", [("fetch", WorkflowStepPhase.Succeeded), ("compile", WorkflowStepPhase.Running)], ct);
        await fx.WorkflowOperator.FailRunAsync(ns, "fragile-1", "compile", "exit code 2: missing header foo.h", ct);
        var result = await call;

        result.IsError.Should().NotBe(true, "the tool worked; the run failed");
        var body = result.StructuredContent!.Value;
        body.GetProperty("name").GetString().Should().Be("fragile-1");
        body.GetProperty("phase").GetString().Should().Be("Failed");
        body.GetProperty("finished").GetBoolean().Should().BeTrue();
        body.GetProperty("reason").GetString().Should().Be("StepFailed");
        body.GetProperty("failedStep").GetString().Should().Be("compile");
        body.GetProperty("hint").GetString().Should().Contain("The run failed at step 'compile' (StepFailed): exit code 2: missing header foo.h");
        body.TryGetProperty("outputs", out _).Should().BeFalse();
        var compile = body.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "compile");
        compile.GetProperty("reason").GetString().Should().Be("StepFailed");
        compile.GetProperty("message").GetString().Should().Be("exit code 2: missing header foo.h");
        compile.GetProperty("attempts").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Past_the_wait_deadline_run_workflow_returns_the_run_name_to_follow()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await using var bridge = await fx.StartBridgeAsync(
            new Dictionary<string, string?> { ["Bridge:WaitDeadline"] = "00:00:02", ["Bridge:ToolDeadline"] = "00:01:00" }, ct);
        await using var client = await ValidWorkflowAsync(
            BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, Tenant.ApiKey, null, ct), "slow", ["wait", "more"], null, ct);

        var call = client.CallToolAsync("run_workflow", new Dictionary<string, object?> { ["workflow"] = "slow", ["name"] = "slow-1" }, cancellationToken: ct).AsTask();
        await fx.WorkflowOperator.WaitForRunAsync(ns, "slow", ct);
        await fx.WorkflowOperator.ProgressRunAsync(ns, "slow-1", [("wait", WorkflowStepPhase.Running), ("more", WorkflowStepPhase.Pending)], ct);
        var result = await call;

        // Nobody finishes the run: the wait ends. Whether the bridge saw Running before its 2 s were up depends on the
        // machine, so the phase is one of the two; get_workflow_run below sees Running for certain.
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        var body = result.StructuredContent!.Value;
        body.GetProperty("name").GetString().Should().Be("slow-1");
        body.GetProperty("finished").GetBoolean().Should().BeFalse();
        body.GetProperty("phase").GetString().Should().BeOneOf("Pending", "Running");
        body.GetProperty("hint").GetString().Should().Contain("Still").And.Contain("get_workflow_run with name 'slow-1'");

        var followed = await RunUntilAsync(client, "slow-1", r => r.GetProperty("phase").GetString() == "Running", ct);
        followed.GetProperty("progress").GetString().Should().Be("0/2");
        followed.GetProperty("steps")[0].GetProperty("phase").GetString().Should().Be("Running");
        followed.GetProperty("conditions").EnumerateArray().Should().Contain(c => c.GetProperty("type").GetString() == "Reconciling" && c.GetProperty("status").GetString() == "True");
    }

    [Fact]
    public async Task Get_workflow_run_reads_large_outputs_from_the_runs_outputs_config_map()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await using var client = await ValidWorkflowAsync(fx.ConnectAsync(Tenant.ApiKey, null, ct), "bulky", ["make"], null, ct);

        var started = await client.CallToolAsync("run_workflow", new Dictionary<string, object?> { ["workflow"] = "bulky", ["name"] = "bulky-1", ["wait"] = false }, cancellationToken: ct);
        started.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(started));
        started.StructuredContent!.Value.GetProperty("finished").GetBoolean().Should().BeFalse();
        await fx.WorkflowOperator.ProgressRunAsync(ns, "bulky-1", [("make", WorkflowStepPhase.Running)], ct);
        var report = string.Concat(Enumerable.Repeat("all good; ", 600));
        await fx.WorkflowOperator.SucceedRunAsync(ns, "bulky-1", new Dictionary<string, object?> { ["report"] = report, ["count"] = 3L }, inConfigMap: true, ct);

        var run = await RunUntilAsync(client, "bulky-1", r => r.GetProperty("phase").GetString() == "Succeeded", ct);

        run.GetProperty("outputs").GetProperty("report").GetString().Should().Be(report);
        run.GetProperty("outputs").GetProperty("count").GetInt32().Should().Be(3);
        run.GetProperty("conditions").EnumerateArray().Should().Contain(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True");
        (await fx.WorkflowOperator.GetRunAsync(ns, "bulky-1", ct)).Status.Outputs.Should().BeNull("the outputs are only in the ConfigMap");
    }

    [Fact]
    public async Task Cancel_sets_spec_cancel_once_and_a_finished_run_says_it_already_finished()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        await using var client = await ValidWorkflowAsync(fx.ConnectAsync(Tenant.ApiKey, null, ct), "stoppable", ["long"], null, ct);
        var started = await client.CallToolAsync("run_workflow", new Dictionary<string, object?> { ["workflow"] = "stoppable", ["name"] = "stoppable-1", ["wait"] = false }, cancellationToken: ct);
        started.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(started));
        await fx.WorkflowOperator.ProgressRunAsync(ns, "stoppable-1", [("long", WorkflowStepPhase.Running)], ct);
        await RunUntilAsync(client, "stoppable-1", r => r.GetProperty("phase").GetString() == "Running", ct);

        var cancelled = await client.CallToolAsync("cancel_workflow_run", new Dictionary<string, object?> { ["name"] = "stoppable-1" }, cancellationToken: ct);

        cancelled.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(cancelled));
        cancelled.StructuredContent!.Value.GetProperty("cancelRequested").GetBoolean().Should().BeTrue();
        cancelled.StructuredContent!.Value.GetProperty("alreadyFinished").GetBoolean().Should().BeFalse();
        var stored = await fx.WorkflowOperator.GetRunAsync(ns, "stoppable-1", ct);
        stored.Spec.Cancel.Should().BeTrue();
        stored.Spec.WorkflowRef.Name.Should().Be("stoppable");
        stored.Metadata.Labels.Should().Contain("dynamo-mcp.io/created-by", Tenant.Name);
        await RunUntilAsync(client, "stoppable-1", r => r.GetProperty("cancelRequested").GetBoolean(), ct);

        var again = await client.CallToolAsync("cancel_workflow_run", new Dictionary<string, object?> { ["name"] = "stoppable-1" }, cancellationToken: ct);
        again.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(again));
        again.StructuredContent!.Value.GetProperty("cancelRequested").GetBoolean().Should().BeTrue();
        (await fx.WorkflowOperator.GetRunAsync(ns, "stoppable-1", ct)).Metadata.ResourceVersion.Should().Be(stored.Metadata.ResourceVersion, "a second cancel changes nothing");

        await fx.WorkflowOperator.FailRunAsync(ns, "stoppable-1", "long", "Cancelled by spec.cancel.", ct);
        await RunUntilAsync(client, "stoppable-1", r => r.GetProperty("phase").GetString() == "Failed", ct);
        var finished = await client.CallToolAsync("cancel_workflow_run", new Dictionary<string, object?> { ["name"] = "stoppable-1" }, cancellationToken: ct);
        finished.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(finished));
        finished.StructuredContent!.Value.GetProperty("alreadyFinished").GetBoolean().Should().BeTrue();
        finished.StructuredContent!.Value.GetProperty("hint").GetString().Should().Contain("already finished (Failed)");

        var missing = await client.CallToolAsync("cancel_workflow_run", new Dictionary<string, object?> { ["name"] = "stoppable-404" }, cancellationToken: ct);
        missing.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(missing).Should().Contain("Workflow run 'stoppable-404' was not found");
    }

    [Fact]
    public async Task A_valid_workflow_is_offered_as_its_own_tool_with_its_inputs_schema_until_it_is_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = Tenant.Namespace;
        // list_changed needs a session: 2025-11-25 (initialize).
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, new McpClientOptions { ProtocolVersion = ProtocolVersionTests.Sessions }, ct);
        await using var notifications = new ListChangedNotifications(client);
        var listChanged = notifications.Received;
        var tools = await client.ListToolsAsync(cancellationToken: ct);
        tools.Select(t => t.Name).Should().Contain(["list_workflows", "run_workflow", "get_workflow_run", "cancel_workflow_run"]).And.NotContain("workflow_deploy");
        tools.Single(t => t.Name == "list_workflows").ProtocolTool.Annotations!.ReadOnlyHint.Should().BeTrue();
        tools.Single(t => t.Name == "get_workflow_run").ProtocolTool.Annotations!.ReadOnlyHint.Should().BeTrue();
        tools.Single(t => t.Name == "run_workflow").ProtocolTool.Annotations!.DestructiveHint.Should().BeFalse();
        tools.Single(t => t.Name == "cancel_workflow_run").ProtocolTool.Annotations!.IdempotentHint.Should().BeTrue();

        await fx.WorkflowOperator.CreateWorkflowAsync(ns, "deploy", ["plan", "apply"], Inputs, ct);
        (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).Should().NotContain("workflow_deploy", "the operator has not validated it");
        await fx.WorkflowOperator.ValidateWorkflowAsync(ns, "deploy", ct);
        await ClientWaits.ToolAfterListChangedAsync(client, listChanged, "workflow_deploy", present: true, ct);

        var tool = (await client.ListToolsAsync(cancellationToken: ct)).Single(t => t.Name == "workflow_deploy");
        JsonElement.DeepEquals(tool.ProtocolTool.InputSchema, Inputs).Should().BeTrue(tool.ProtocolTool.InputSchema.GetRawText());
        tool.Description.Should().Contain("plan, apply");

        var call = client.CallToolAsync("workflow_deploy", new Dictionary<string, object?> { ["service"] = "web", ["channel"] = "beta" }, cancellationToken: ct).AsTask();
        var run = await fx.WorkflowOperator.WaitForRunAsync(ns, "deploy", ct);
        run.Spec.Inputs.Should().BeEquivalentTo(new Dictionary<string, object?> { ["service"] = "web", ["channel"] = "beta" });
        await fx.WorkflowOperator.ProgressRunAsync(ns, run.Metadata.Name, [("plan", WorkflowStepPhase.Running), ("apply", WorkflowStepPhase.Pending)], ct);
        await fx.WorkflowOperator.SucceedRunAsync(ns, run.Metadata.Name, new Dictionary<string, object?> { ["url"] = "https://web.example.com" }, inConfigMap: false, ct);
        var result = await call;
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        result.StructuredContent!.Value.GetProperty("outputs").GetProperty("url").GetString().Should().Be("https://web.example.com");

        var refused = await client.CallToolAsync("workflow_deploy", new Dictionary<string, object?> { ["service"] = "web", ["replicas"] = 0 }, cancellationToken: ct);
        refused.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(refused).Should().Contain("inputs.replicas: must be at least 1");

        await fx.WorkflowOperator.DeleteWorkflowAsync(ns, "deploy", ct);
        await ClientWaits.ToolAfterListChangedAsync(client, listChanged, "workflow_deploy", present: false, ct);
    }

    /// <summary>A Workflow of container steps, validated by the fake operator, and a client whose list_workflows shows it valid.</summary>
    private async Task<McpClient> ValidWorkflowAsync(Task<McpClient> connect, string name, string[] steps, JsonElement? inputs, CancellationToken ct)
    {
        await fx.WorkflowOperator.CreateWorkflowAsync(Tenant.Namespace, name, steps, inputs, ct);
        await fx.WorkflowOperator.ValidateWorkflowAsync(Tenant.Namespace, name, ct);
        var client = await connect;
        await ListUntilAsync(client, w => w[name].GetProperty("valid").GetBoolean(), ct);
        return client;
    }

    /// <summary>list_workflows, by name, until <paramref name="done"/> holds (the bridge's cache catches up with the writes).</summary>
    private static async Task<Dictionary<string, JsonElement>> ListUntilAsync(McpClient client, Func<Dictionary<string, JsonElement>, bool> done, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var result = await client.CallToolAsync("list_workflows", cancellationToken: timeout.Token);
            result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
            var byName = result.StructuredContent!.Value.GetProperty("workflows").EnumerateArray().ToDictionary(w => w.GetProperty("name").GetString()!);
            try
            {
                if (done(byName))
                {
                    return byName;
                }
            }
            catch (KeyNotFoundException)
            {
                // Not in the cache yet.
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>get_workflow_run until <paramref name="done"/> holds.</summary>
    private static async Task<JsonElement> RunUntilAsync(McpClient client, string name, Func<JsonElement, bool> done, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var result = await client.CallToolAsync("get_workflow_run", new Dictionary<string, object?> { ["name"] = name }, cancellationToken: timeout.Token);
            if (result.IsError != true && done(result.StructuredContent!.Value))
            {
                return result.StructuredContent!.Value;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
