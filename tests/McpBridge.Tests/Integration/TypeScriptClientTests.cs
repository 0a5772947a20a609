using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>The TypeScript SDK client (npm @modelcontextprotocol/sdk, pinned in ts-client/package-lock.json) through the whole flow.</summary>
[Collection(BridgeCollection.Name)]
public sealed class TypeScriptClientTests(BridgeFixture fx)
{
    [Fact]
    public async Task The_typescript_sdk_adds_a_template_sees_its_tool_generates_a_project_reads_it_and_removes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Bob;
        await TypeScriptClient.EnsureInstalledAsync(ct);
        await using var ts = await TypeScriptClient.StartAsync(fx.Bridge.McpEndpoint, tenant.ApiKey, ct);

        var tools = await ts.RunAsync("listTools", null, ct);
        Names(tools.GetProperty("tools")).Should().Contain(["list_templates", "add_template", "create_project"]).And.NotContain("scaffold_ts-template");

        var added = await ts.RunAsync("callTool", Call("add_template", new JsonObject { ["name"] = "ts-template", ["gitUrl"] = "https://example.com/ts-template.git" }), ct);
        AssertOk(added);

        // The test is the operator: the template becomes Ready, the bridge offers its tool and pushes list_changed.
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "ts-template", ct);
        var appeared = await ts.RunAsync("waitForTool", new JsonObject { ["name"] = "scaffold_ts-template", ["present"] = true }, ct);
        appeared.GetProperty("listChanged").GetInt32().Should().BeGreaterThan(0);
        Names(appeared.GetProperty("tools")).Should().Contain("scaffold_ts-template");

        var listed = await ts.RunAsync("callTool", Call("list_templates", []), ct);
        AssertOk(listed);
        var template = Structured(listed).GetProperty("templates").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "ts-template");
        template.GetProperty("ready").GetBoolean().Should().BeTrue();

        var call = await ts.SendAsync("callTool", Call("scaffold_ts-template", new JsonObject { ["project_name"] = "ts_app" }, progress: true), ct);
        var scaffold = await fx.Operator.WaitForScaffoldAsync(tenant.Namespace, "ts-template", ct);
        await fx.Operator.MarkRenderingAsync(tenant.Namespace, scaffold, ct);
        await ts.WaitForEventAsync(e => IsProgress(e, call) && e.GetProperty("value").GetProperty("message").GetString()!.StartsWith("Running", StringComparison.Ordinal), ct);
        var files = new Dictionary<string, string> { ["ts_app/README.md"] = "# ts_app\n", ["ts_app/index.ts"] = "export {};\n" };
        await fx.Operator.SucceedAsync(tenant.Namespace, scaffold, files, ct);

        var generated = await ts.ResultAsync(call, ct);
        AssertOk(generated);
        Structured(generated).GetProperty("name").GetString().Should().Be(scaffold);
        Structured(generated).GetProperty("phase").GetString().Should().Be("Succeeded");
        var progress = ts.Events.Where(e => IsProgress(e, call)).Select(e => e.GetProperty("value").GetProperty("progress").GetDouble()).ToList();
        progress.Should().BeInAscendingOrder().And.Contain(1).And.Contain(2);

        var listedFiles = await ts.RunAsync("callTool", Call("get_project_files", new JsonObject { ["name"] = scaffold }), ct);
        Structured(listedFiles).GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Should().Equal("ts_app/README.md", "ts_app/index.ts");
        var read = await ts.RunAsync("callTool", Call("read_project_file", new JsonObject { ["name"] = scaffold, ["path"] = "ts_app/index.ts" }), ct);
        Structured(read).GetProperty("content").GetString().Should().Be("export {};\n");
        var resource = await ts.RunAsync("readResource", new JsonObject { ["uri"] = $"scaffolds://{tenant.Namespace}/{scaffold}/files/ts_app/README.md" }, ct);
        resource.GetProperty("contents")[0].GetProperty("text").GetString().Should().Be("# ts_app\n");

        AssertOk(await ts.RunAsync("callTool", Call("remove_template", new JsonObject { ["name"] = "ts-template" }), ct));
        var gone = await ts.RunAsync("waitForTool", new JsonObject { ["name"] = "scaffold_ts-template", ["present"] = false }, ct);
        Names(gone.GetProperty("tools")).Should().NotContain("scaffold_ts-template").And.Contain("list_templates");
        gone.GetProperty("listChanged").GetInt32().Should().BeGreaterThan(appeared.GetProperty("listChanged").GetInt32());

        await ts.RunAsync("close", null, ct);
    }

    [Fact]
    public async Task Cancelling_a_waiting_create_project_from_typescript_stops_the_wait_and_keeps_the_scaffold()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Bob;
        await TypeScriptClient.EnsureInstalledAsync(ct);
        await using var bridge = await fx.StartBridgeAsync(
            new Dictionary<string, string?> { ["Bridge:WaitDeadline"] = "00:00:50", ["Bridge:ToolDeadline"] = "00:01:00" }, ct);
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "ts-cancel", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "ts-cancel", ct);
        await using var ts = await TypeScriptClient.StartAsync(bridge.McpEndpoint, tenant.ApiKey, ct);
        while (!Names((await ts.RunAsync("listTools", null, ct)).GetProperty("tools")).Contains("scaffold_ts-cancel"))
        {
            await Task.Delay(50, ct);
        }

        using var http = new HttpClient { BaseAddress = bridge.BaseAddress };
        var cancelledBefore = MetricsTests.Value(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct), "create_project", "cancelled");

        // Nobody plays the operator, so the call waits; the client gives up once the Scaffold exists.
        var call = await ts.SendAsync(
            "callTool",
            Call("create_project", new JsonObject { ["template"] = "ts-cancel", ["name"] = "ts-cancel-1", ["variables"] = new JsonObject { ["project_name"] = "gone" } }, progress: true),
            ct);
        while (!(await fx.Operator.ScaffoldNamesAsync(tenant.Namespace, ct)).Contains("ts-cancel-1"))
        {
            await Task.Delay(50, ct);
        }

        (await ts.RunAsync("cancel", new JsonObject { ["target"] = call }, ct)).GetProperty("cancelled").GetBoolean().Should().BeTrue();
        var failed = await ts.WaitForEventAsync(e => TypeScriptClient.Type(e) == "error" && e.GetProperty("id").GetInt32() == call, ct);
        failed.GetProperty("message").GetString().Should().Contain("cancelled by the test");

        using (var seen = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            seen.CancelAfter(TimeSpan.FromSeconds(20));
            while (MetricsTests.Value(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), seen.Token), "create_project", "cancelled") <= cancelledBefore)
            {
                await Task.Delay(100, seen.Token);
            }
        }

        (await fx.Operator.ScaffoldNamesAsync(tenant.Namespace, ct)).Should().Contain("ts-cancel-1");
        var status = await ts.RunAsync("callTool", Call("get_project_status", new JsonObject { ["name"] = "ts-cancel-1" }), ct);
        AssertOk(status);
        Structured(status).GetProperty("phase").GetString().Should().Be("Pending");
        await ts.RunAsync("close", null, ct);
    }

    private static JsonObject Call(string name, JsonObject arguments, bool progress = false) =>
        new() { ["name"] = name, ["arguments"] = arguments, ["progress"] = progress };

    private static IEnumerable<string?> Names(JsonElement array) => array.EnumerateArray().Select(t => t.GetString());

    private static JsonElement Structured(JsonElement reply) => reply.GetProperty("result").GetProperty("structuredContent");

    private static bool IsProgress(JsonElement e, int id) => TypeScriptClient.Type(e) == "progress" && e.GetProperty("id").GetInt32() == id;

    private static void AssertOk(JsonElement reply)
    {
        var result = reply.GetProperty("result");
        (result.TryGetProperty("isError", out var isError) && isError.ValueKind == JsonValueKind.True).Should().BeFalse(result.ToString());
    }
}
