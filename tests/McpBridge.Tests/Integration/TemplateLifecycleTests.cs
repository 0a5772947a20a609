using System.Text.Json;
using k8s;
using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

[Collection(BridgeCollection.Name)]
public sealed class TemplateLifecycleTests(BridgeFixture fx)
{
    private static readonly string[] FixedTools =
    [
        "list_templates", "get_template_variables", "add_template", "update_template", "remove_template",
        "discover_templates", "create_project", "get_project_status", "get_project_files", "read_project_file",
        "update_project", "check_project_update",
    ];

    [Fact]
    public async Task A_template_becomes_a_tool_generates_a_project_with_progress_and_goes_away()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Alice;
        // list_changed needs a session: 2025-11-25 (initialize); a 2026-07-28 client is served per request.
        await using var client = await fx.ConnectAsync(tenant.ApiKey, new McpClientOptions { ProtocolVersion = ProtocolVersionTests.Sessions }, ct);
        await using var notifications = new ListChangedNotifications(client);
        var listChanged = notifications.Received;

        var tools = await client.ListToolsAsync(cancellationToken: ct);
        tools.Select(t => t.Name).Should().Contain(FixedTools).And.NotContain("scaffold_py-service");
        tools.Single(t => t.Name == "list_templates").ProtocolTool.Annotations!.ReadOnlyHint.Should().BeTrue();
        tools.Single(t => t.Name == "remove_template").ProtocolTool.Annotations!.DestructiveHint.Should().BeTrue();

        var added = await client.CallToolAsync(
            "add_template",
            new Dictionary<string, object?> { ["name"] = "py-service", ["gitUrl"] = "https://example.com/py-service.git", ["tags"] = new[] { "python" } },
            cancellationToken: ct);
        added.IsError.Should().NotBe(true, Text(added));
        var stored = (JsonElement)await fx.Admin.CustomObjects.GetNamespacedCustomObjectAsync("dynamo-mcp.io", "v1alpha1", tenant.Namespace, "cookiecuttertemplates", "py-service", cancellationToken: ct);
        stored.GetProperty("spec").GetProperty("source").GetProperty("git").GetProperty("url").GetString().Should().Be("https://example.com/py-service.git");

        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "py-service", ct);
        await ClientWaits.ToolAfterListChangedAsync(client, listChanged, "scaffold_py-service", present: true, ct);

        var tool = (await client.ListToolsAsync(cancellationToken: ct)).Single(t => t.Name == "scaffold_py-service");
        tool.ProtocolTool.InputSchema.GetProperty("properties").GetProperty("license").GetProperty("enum").GetArrayLength().Should().Be(2);

        var listed = await client.CallToolAsync("list_templates", new Dictionary<string, object?> { ["tag"] = "python" }, cancellationToken: ct);
        var template = listed.StructuredContent!.Value.GetProperty("templates").EnumerateArray().Single();
        template.GetProperty("name").GetString().Should().Be("py-service");
        template.GetProperty("ready").GetBoolean().Should().BeTrue();
        template.GetProperty("tool").GetString().Should().Be("scaffold_py-service");
        template.TryGetProperty("source", out _).Should().BeFalse("the list carries what picks a template; where it comes from is in its info resource");

        var info = await client.ReadResourceAsync("templates://py-service/info", cancellationToken: ct);
        using (var infoJson = JsonDocument.Parse(((TextResourceContents)info.Contents.Single()).Text))
        {
            var root = infoJson.RootElement;
            root.GetProperty("source").GetString().Should().Be("https://example.com/py-service.git");
            root.GetProperty("resolvedRevision").GetString().Should().MatchRegex("^[0-9a-f]{40}$");
            root.GetProperty("tool").GetString().Should().Be("scaffold_py-service");
            root.GetProperty("variableCount").GetInt32().Should().Be(3);
        }

        var progress = new RecordingProgress();
        var call = client.CallToolAsync(
            "scaffold_py-service", new Dictionary<string, object?> { ["project_name"] = "hello_app" }, progress, cancellationToken: ct).AsTask();
        var scaffold = await fx.Operator.WaitForScaffoldAsync(tenant.Namespace, "py-service", ct);
        var created = (JsonElement)await fx.Admin.CustomObjects.GetNamespacedCustomObjectAsync("dynamo-mcp.io", "v1alpha1", tenant.Namespace, "scaffolds", scaffold, cancellationToken: ct);
        created.GetProperty("spec").GetProperty("variables").GetProperty("project_name").GetString().Should().Be("hello_app");
        created.GetProperty("spec").GetProperty("templateRef").GetProperty("name").GetString().Should().Be("py-service");

        await fx.Operator.MarkRenderingAsync(tenant.Namespace, scaffold, ct);
        await progress.WaitForAsync(p => p.Message?.StartsWith("Running", StringComparison.Ordinal) == true, ct);
        var files = new Dictionary<string, string>
        {
            ["hello_app/README.md"] = "# hello_app\n",
            ["hello_app/main.py"] = "print('hi')\n",
        };
        await fx.Operator.SucceedAsync(tenant.Namespace, scaffold, files, ct);

        var result = await call;
        result.IsError.Should().NotBe(true, Text(result));
        result.StructuredContent!.Value.GetProperty("phase").GetString().Should().Be("Succeeded");
        result.StructuredContent!.Value.GetProperty("name").GetString().Should().Be(scaffold);
        // The server sends the progress steps in order and the final one (2 of 2) before the result, but the C# client
        // dispatches notifications concurrently and apart from responses: it may report them out of order, and drops
        // one handled after its call completed. Order and the final step are asserted by the TypeScript client test,
        // which handles messages in order.
        var steps = progress.Reports.Select(p => p.Progress).ToList();
        steps.Should().OnlyContain(p => p >= 0 && p <= 2).And.OnlyHaveUniqueItems().And.Contain(1);

        var listedFiles = await client.CallToolAsync("get_project_files", new Dictionary<string, object?> { ["name"] = scaffold }, cancellationToken: ct);
        listedFiles.StructuredContent!.Value.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString())
            .Should().Equal("hello_app/README.md", "hello_app/main.py");

        var read = await client.CallToolAsync(
            "read_project_file", new Dictionary<string, object?> { ["name"] = scaffold, ["path"] = "hello_app/main.py" }, cancellationToken: ct);
        read.StructuredContent!.Value.GetProperty("content").GetString().Should().Be("print('hi')\n");

        var resource = await client.ReadResourceAsync($"scaffolds://{tenant.Namespace}/{scaffold}/files/hello_app/README.md", cancellationToken: ct);
        resource.Contents.OfType<TextResourceContents>().Single().Text.Should().Be("# hello_app\n");

        var removed = await client.CallToolAsync("remove_template", new Dictionary<string, object?> { ["name"] = "py-service" }, cancellationToken: ct);
        removed.IsError.Should().NotBe(true, Text(removed));
        await ClientWaits.ToolAfterListChangedAsync(client, listChanged, "scaffold_py-service", present: false, ct);
    }

    internal static string Text(CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}
