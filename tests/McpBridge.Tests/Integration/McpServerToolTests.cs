using System.Text.Json;
using DynamoMcp.McpBridge.Tests.Fakes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// The registry tools (list/get/add/remove/discover_mcp_servers) through a real MCP client against the bridge on
/// LocalCluster; the test plays the operator with <see cref="OperatorActions"/>. Every test uses names of its own.
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class McpServerToolTests(BridgeFixture fx)
{
    private static readonly string[] RegistryTools = ["list_mcp_servers", "get_mcp_server", "add_mcp_server", "remove_mcp_server", "discover_mcp_servers"];

    [Fact]
    public async Task An_image_server_is_added_as_the_caller_listed_shown_with_its_tools_once_ready_and_removed()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Judy;
        var name = Unique("memory");
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);
        tools.Select(t => t.Name).Should().Contain(RegistryTools);
        tools.Single(t => t.Name == "list_mcp_servers").ProtocolTool.Annotations!.ReadOnlyHint.Should().BeTrue();
        tools.Single(t => t.Name == "remove_mcp_server").ProtocolTool.Annotations!.DestructiveHint.Should().BeTrue();

        var added = await client.CallToolAsync(
            "add_mcp_server",
            new Dictionary<string, object?>
            {
                ["name"] = name,
                ["image"] = "node:22-slim",
                ["command"] = new[] { "npx", "-y", "@modelcontextprotocol/server-memory" },
                ["transport"] = "stdio",
                ["env"] = new Dictionary<string, string> { ["MEMORY_FILE_PATH"] = "/tmp/graph-store.jsonl" },
                ["egress"] = new[] { "registry.npmjs.org" },
                ["deny"] = new[] { "delete_*" },
            },
            cancellationToken: ct);
        added.IsError.Should().NotBe(true, Text(added));
        added.StructuredContent!.Value.GetProperty("ready").GetBoolean().Should().BeFalse();

        var stored = await fx.Operator.GetMcpServerAsync(tenant.Namespace, name, ct);
        stored.Spec.Image.Should().Be("node:22-slim");
        stored.Spec.Remote.Should().BeNull();
        stored.Spec.Transport.Should().Be(Api.V1Alpha1.McpTransport.Stdio);
        stored.Spec.Command.Should().Equal("npx", "-y", "@modelcontextprotocol/server-memory");
        stored.Spec.Env!.Select(e => (e.Name, e.Value)).Should().Equal(("MEMORY_FILE_PATH", "/tmp/graph-store.jsonl"));
        stored.Spec.Egress!.Allow!.Select(r => r.Host).Should().Equal("registry.npmjs.org");
        stored.Spec.ToolFilter!.Deny.Should().Equal("delete_*");

        var pending = await ListedAsync(client, name, s => true, ct);
        pending.GetProperty("ready").GetBoolean().Should().BeFalse();
        pending.GetProperty("transport").GetString().Should().Be("stdio");
        pending.GetProperty("status").GetString().Should().NotBeNullOrEmpty("a server that is not ready says why");

        await fx.Operator.MarkMcpServerReadyAsync(
            tenant.Namespace,
            name,
            [
                OperatorActions.Tool("create_entities", "Create entities", "Create entities in the knowledge graph"),
                OperatorActions.Tool("read_graph", "Read graph", "Read the whole knowledge graph"),
                OperatorActions.Tool("delete_entities", "Delete entities", "Delete entities"),
            ],
            ct);

        var ready = await ListedAsync(client, name, s => s.GetProperty("ready").GetBoolean(), ct);
        ready.GetProperty("phase").GetString().Should().Be("Running");
        ready.GetProperty("tools").GetInt32().Should().Be(2, "the tool filter hides delete_*");
        ready.GetProperty("url").GetString().Should().Contain(name);
        ready.GetProperty("status").ValueKind.Should().Be(JsonValueKind.Null);

        var got = await client.CallToolAsync("get_mcp_server", new Dictionary<string, object?> { ["name"] = name }, cancellationToken: ct);
        got.IsError.Should().NotBe(true, Text(got));
        var details = got.StructuredContent!.Value;
        details.GetProperty("namespace").GetString().Should().Be(tenant.Namespace);
        details.GetProperty("transport").GetString().Should().Be("stdio");
        details.GetProperty("ready").GetBoolean().Should().BeTrue();
        details.GetProperty("source").GetProperty("image").GetString().Should().Be("node:22-slim");
        details.GetProperty("source").GetProperty("remoteUrl").ValueKind.Should().Be(JsonValueKind.Null);
        details.GetProperty("source").GetProperty("envNames").EnumerateArray().Select(e => e.GetString()).Should().Equal("MEMORY_FILE_PATH");
        details.GetProperty("source").GetProperty("deny").EnumerateArray().Select(e => e.GetString()).Should().Equal("delete_*");
        details.GetProperty("readyReplicas").GetInt32().Should().Be(1);
        details.GetProperty("conditions").EnumerateArray()
            .Single(c => c.GetProperty("type").GetString() == "Ready").GetProperty("status").GetString().Should().Be("True");
        var listedTools = details.GetProperty("tools").EnumerateArray().ToList();
        listedTools.Select(t => t.GetProperty("name").GetString()).Should().Equal("create_entities", "read_graph");
        listedTools[1].GetProperty("title").GetString().Should().Be("Read graph");
        listedTools[1].GetProperty("description").GetString().Should().Be("Read the whole knowledge graph");
        Text(got).Should().NotContain("/tmp/graph-store.jsonl", "environment values are never shown: one may be a secret");

        var removed = await client.CallToolAsync("remove_mcp_server", new Dictionary<string, object?> { ["name"] = name }, cancellationToken: ct);
        removed.IsError.Should().NotBe(true, Text(removed));
        (await fx.Operator.McpServerNamesAsync(tenant.Namespace, ct)).Should().NotContain(name);
        await UntilAsync(async () => (await client.CallToolAsync("get_mcp_server", new Dictionary<string, object?> { ["name"] = name }, cancellationToken: ct)).IsError == true, ct);
    }

    [Fact]
    public async Task A_missing_server_is_a_tool_error_naming_it_and_the_namespace()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = Unique("absent");
        await using var client = await fx.ConnectAsync(Tenants.Judy.ApiKey, null, ct);

        foreach (var tool in new[] { "get_mcp_server", "remove_mcp_server" })
        {
            var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["name"] = name }, cancellationToken: ct);

            result.IsError.Should().BeTrue(tool);
            Text(result).Should().Contain($"MCP server '{name}' was not found in namespace '{Tenants.Judy.Namespace}'").And.Contain("list_mcp_servers");
        }
    }

    [Fact]
    public async Task Add_with_wait_reports_progress_until_the_operator_marks_a_remote_server_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Judy;
        var name = Unique("remote");
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        var progress = new RecordingProgress();

        var call = client.CallToolAsync(
            "add_mcp_server",
            new Dictionary<string, object?> { ["name"] = name, ["url"] = "https://mcp.example.com/mcp", ["allow"] = new[] { "search_*" }, ["wait"] = true },
            progress,
            cancellationToken: ct).AsTask();
        await progress.WaitForAsync(p => p.Progress == 0, ct);
        call.IsCompleted.Should().BeFalse("the call waits for the operator");
        var stored = await fx.Operator.GetMcpServerAsync(tenant.Namespace, name, ct);
        stored.Spec.Remote!.Url.Should().Be("https://mcp.example.com/mcp");
        stored.Spec.Image.Should().BeNull();
        stored.Spec.Transport.Should().Be(Api.V1Alpha1.McpTransport.StreamableHttp, "the CRD's default");
        await fx.Operator.MarkMcpServerReadyAsync(
            tenant.Namespace, name, [OperatorActions.Tool("search_docs", "Search", "Search the docs"), OperatorActions.Tool("admin_reset")], ct);

        var result = await call;
        result.IsError.Should().NotBe(true, Text(result));
        var state = result.StructuredContent!.Value;
        state.GetProperty("ready").GetBoolean().Should().BeTrue();
        state.GetProperty("phase").GetString().Should().Be("Running");
        state.GetProperty("tools").GetInt32().Should().Be(1);
        state.GetProperty("hint").GetString().Should().Contain("get_mcp_server");
        progress.Reports.Select(p => p.Progress).Should().BeInAscendingOrder().And.Contain(0);
    }

    [Fact]
    public async Task Add_with_wait_ends_when_the_operator_reports_the_server_stalled_and_says_why()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Judy;
        var name = Unique("broken");
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        var progress = new RecordingProgress();

        var call = client.CallToolAsync(
            "add_mcp_server",
            new Dictionary<string, object?> { ["name"] = name, ["image"] = "example.com/no-such-image:1", ["wait"] = true },
            progress,
            cancellationToken: ct).AsTask();
        await progress.WaitForAsync(p => p.Progress == 0, ct);
        await fx.Operator.MarkMcpServerImagePullFailedAsync(tenant.Namespace, name, ct);

        var result = await call;
        result.IsError.Should().NotBe(true, Text(result));
        var state = result.StructuredContent!.Value;
        state.GetProperty("ready").GetBoolean().Should().BeFalse();
        state.GetProperty("phase").GetString().Should().Be("Failed");
        state.GetProperty("status").GetString().Should().Contain("ImagePullFailed").And.Contain("example.com/no-such-image:1");
        state.GetProperty("hint").GetString().Should().Contain("get_mcp_server");

        var listed = await ListedAsync(client, name, s => s.GetProperty("phase").GetString() == "Failed", ct);
        listed.GetProperty("status").GetString().Should().Contain("ImagePullFailed");
    }

    [Fact]
    public async Task Invalid_arguments_say_what_to_change_and_create_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Judy;
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        var prefix = Unique("bad");

        var refused = new (Dictionary<string, object?> Arguments, string Says)[]
        {
            (new() { ["name"] = "Not_A_Label", ["image"] = "node:22-slim" }, "not a valid server name"),
            (new() { ["name"] = prefix + "-both", ["image"] = "node:22-slim", ["url"] = "https://mcp.example.com/mcp" }, "not both"),
            (new() { ["name"] = prefix + "-neither" }, "Give url"),
            (new() { ["name"] = prefix + "-ftp", ["url"] = "ftp://mcp.example.com/mcp" }, "not an absolute http(s) URL"),
            (new() { ["name"] = prefix + "-rel", ["url"] = "/mcp" }, "not an absolute http(s) URL"),
            (new() { ["name"] = prefix + "-grpc", ["image"] = "node:22-slim", ["transport"] = "grpc" }, "stdio, streamable-http, sse"),
            (new() { ["name"] = prefix + "-stdio", ["url"] = "https://mcp.example.com/mcp", ["transport"] = "stdio" }, "transport stdio needs an image"),
            (new() { ["name"] = prefix + "-port0", ["image"] = "node:22-slim", ["port"] = 0 }, "1 to 65535"),
            (new() { ["name"] = prefix + "-port", ["image"] = "node:22-slim", ["port"] = 70000 }, "1 to 65535"),
            (new() { ["name"] = prefix + "-cmd", ["url"] = "https://mcp.example.com/mcp", ["command"] = new[] { "npx" } }, "command apply to a server the operator runs"),
            (new() { ["name"] = prefix + "-key", ["image"] = "node:22-slim", ["env"] = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_s3cr3t" } }, "looks like a secret"),
        };
        foreach (var (arguments, says) in refused)
        {
            var result = await client.CallToolAsync("add_mcp_server", arguments, cancellationToken: ct);

            result.IsError.Should().BeTrue(says);
            Text(result).Should().Contain(says).And.Contain("nothing was created");
            Text(result).Should().NotContain("ghp_s3cr3t");
        }

        (await fx.Operator.McpServerNamesAsync(tenant.Namespace, ct)).Should().NotContain(n => n.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenant_without_create_on_mcpservers_may_list_but_adding_or_removing_is_access_denied()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Heidi;
        var name = Unique("denied");
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);

        var listed = await client.CallToolAsync("list_mcp_servers", new Dictionary<string, object?>(), cancellationToken: ct);
        listed.IsError.Should().NotBe(true, Text(listed));

        var added = await client.CallToolAsync("add_mcp_server", new Dictionary<string, object?> { ["name"] = name, ["url"] = "https://mcp.example.com/mcp" }, cancellationToken: ct);
        added.IsError.Should().BeTrue();
        Text(added).Should().Contain("Access denied").And.Contain("'heidi'").And.Contain($"add MCP server '{name}'").And.Contain(tenant.Namespace);
        (await fx.Operator.McpServerNamesAsync(tenant.Namespace, ct)).Should().NotContain(name);

        var otherNamespace = await client.CallToolAsync("list_mcp_servers", new Dictionary<string, object?> { ["namespace"] = Tenants.Judy.Namespace }, cancellationToken: ct);
        otherNamespace.IsError.Should().BeTrue();
        Text(otherNamespace).Should().Contain("Access denied").And.Contain(Tenants.Judy.Namespace);
    }

    [Fact]
    public async Task Discover_mcp_servers_lists_the_catalog_servers_with_add_arguments_and_leaves_out_added_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Heidi; // adds nothing anywhere, so its namespace keeps every catalog server un-added
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);

        var all = await client.CallToolAsync("discover_mcp_servers", new Dictionary<string, object?>(), cancellationToken: ct);
        all.IsError.Should().NotBe(true, Text(all));
        var entries = all.StructuredContent!.Value.GetProperty("servers").EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("name").GetString()).Should().BeEquivalentTo(["everything", "memory"], "the file has servers, the ConfigMap has templates only");
        var memory = entries.Single(e => e.GetProperty("name").GetString() == "memory");
        memory.GetProperty("image").GetString().Should().Be("node:22-slim");
        memory.GetProperty("transport").GetString().Should().Be("stdio");
        memory.GetProperty("command").EnumerateArray().Select(c => c.GetString()).Should().Equal("npx", "-y", "@modelcontextprotocol/server-memory");
        memory.GetProperty("egress").EnumerateArray().Select(c => c.GetString()).Should().Equal("registry.npmjs.org");
        memory.GetProperty("env").GetProperty("MEMORY_FILE_PATH").GetString().Should().Be("/tmp/memory.jsonl");
        all.StructuredContent!.Value.GetProperty("hint").GetString().Should().Contain("add_mcp_server");

        var byText = await client.CallToolAsync("discover_mcp_servers", new Dictionary<string, object?> { ["text"] = "KNOWLEDGE" }, cancellationToken: ct);
        byText.StructuredContent!.Value.GetProperty("servers").EnumerateArray().Select(e => e.GetProperty("name").GetString()).Should().Equal("memory");
        var byTag = await client.CallToolAsync("discover_mcp_servers", new Dictionary<string, object?> { ["tag"] = "testing" }, cancellationToken: ct);
        byTag.StructuredContent!.Value.GetProperty("servers").EnumerateArray().Select(e => e.GetProperty("name").GetString()).Should().Equal("everything");

        // An entry's fields are add_mcp_server's arguments: passed on as they are, they add the server. Judy's other
        // tests add only servers with generated names, so "everything" is still in her catalog view.
        var judy = Tenants.Judy;
        await using var adder = await fx.ConnectAsync(judy.ApiKey, null, ct);
        var before = await adder.CallToolAsync("discover_mcp_servers", new Dictionary<string, object?>(), cancellationToken: ct);
        var everything = before.StructuredContent!.Value.GetProperty("servers").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "everything");
        var arguments = everything.EnumerateObject()
            .Where(p => p.Name is not ("description" or "tags"))
            .ToDictionary(p => p.Name, p => (object?)p.Value);
        var added = await adder.CallToolAsync("add_mcp_server", arguments, cancellationToken: ct);
        added.IsError.Should().NotBe(true, Text(added));
        var stored = await fx.Operator.GetMcpServerAsync(judy.Namespace, "everything", ct);
        stored.Spec.Command.Should().Equal("npx", "-y", "@modelcontextprotocol/server-everything");
        stored.Spec.Transport.Should().Be(Api.V1Alpha1.McpTransport.Stdio);

        await UntilAsync(
            async () => !(await adder.CallToolAsync("discover_mcp_servers", new Dictionary<string, object?>(), cancellationToken: ct))
                .StructuredContent!.Value.GetProperty("servers").EnumerateArray().Any(e => e.GetProperty("name").GetString() == "everything"),
            ct);
    }

    internal static string Text(CallToolResult result) => TemplateLifecycleTests.Text(result);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Until list_mcp_servers shows <paramref name="name"/> in a state <paramref name="accept"/> takes (the cache catching up).</summary>
    private static async Task<JsonElement> ListedAsync(McpClient client, string name, Func<JsonElement, bool> accept, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var listed = await client.CallToolAsync("list_mcp_servers", new Dictionary<string, object?>(), cancellationToken: timeout.Token);
            listed.IsError.Should().NotBe(true, Text(listed));
            var server = listed.StructuredContent!.Value.GetProperty("servers").EnumerateArray().FirstOrDefault(s => s.GetProperty("name").GetString() == name);
            if (server.ValueKind == JsonValueKind.Object && accept(server))
            {
                return server.Clone();
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            timeout.Token.ThrowIfCancellationRequested();
            await Task.Delay(50, timeout.Token);
        }
    }
}
