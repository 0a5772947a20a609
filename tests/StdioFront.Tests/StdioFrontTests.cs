using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Tests.Fixtures;
using DynamoMcp.StdioFront.Tests.Fixtures;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.StdioFront.Tests;

/// <summary>The front with real stdio servers from npm, driven by the C# SDK's client over Streamable HTTP.</summary>
public sealed class StdioFrontTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_the_tools_of_server_everything_and_calls_echo()
    {
        await using var front = await InProcessFront.StartEverythingAsync();
        await using var client = await front.ConnectAsync(Ct);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "through the front" }, cancellationToken: Ct);

        client.ServerInfo!.Name.Should().Contain("everything");
        tools.Select(t => t.Name).Should().Contain(["echo", "get-sum", "trigger-long-running-operation"]);
        echo.IsError.Should().NotBe(true);
        echo.Content.OfType<TextContentBlock>().Single().Text.Should().Be("Echo: through the front");
        front.ChildStderr.Should().MatchRegex(@"\[[0-9a-f]{8}\] ", "the child's stderr is relayed with its session's short id");
    }

    [Fact]
    public async Task Relays_the_progress_notifications_of_a_long_running_tool()
    {
        await using var front = await InProcessFront.StartEverythingAsync();
        await using var client = await front.ConnectAsync(Ct);
        var progress = new RecordingProgress(total: 3);

        var result = await client.CallToolAsync(
            "trigger-long-running-operation", new Dictionary<string, object?> { ["duration"] = 2, ["steps"] = 3 }, progress, cancellationToken: Ct);
        await progress.FirstStep.WaitAsync(TestTimeouts.Message, Ct);

        result.Content.OfType<TextContentBlock>().Single().Text.Should().Contain("Steps: 3");
        // The C# SDK client drops a progress notification it handles after the call's response has completed it (its
        // handlers run concurrently), so the last step can be lost on the client's side under load; the steps that
        // reach it are the server's, in range, with its total. Seen once in three full runs with all three required.
        progress.Values.Select(v => v.Progress).Should().OnlyContain(p => p >= 1f && p <= 3f).And.OnlyHaveUniqueItems();
        progress.Values.Should().OnlyContain(v => v.Total == 3);
    }

    [Fact]
    public async Task On_the_wire_every_progress_notification_precedes_the_response_on_the_calls_stream()
    {
        // The front relays the child's stdout in order into one stream per request, so the client sees the progress
        // steps before the response: a step the SDK client misses (above) is lost on the client's side, not here.
        await using var front = await InProcessFront.StartEverythingAsync();
        using var http = new HttpClient();
        using var initialized = await http.SendAsync(Post(front.Url, Initialize(1)), Ct);
        var session = initialized.Headers.GetValues("Mcp-Session-Id").Single();
        using var ack = await http.SendAsync(Post(front.Url, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", session), Ct);

        using var call = await http.SendAsync(Post(front.Url,
            """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"trigger-long-running-operation","arguments":{"duration":1,"steps":4},"_meta":{"progressToken":"p-1"}}}""",
            session), Ct);
        var body = await call.Content.ReadAsStringAsync(Ct).WaitAsync(TestTimeouts.Message, Ct);

        call.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var messages = body.Split('\n')
            .Where(l => l.StartsWith("data:", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l["data:".Length..])!)
            .ToList();
        var progress = messages.Where(m => (string?)m["method"] == "notifications/progress").ToList();
        progress.Select(m => (double)m["params"]!["progress"]!).Should().Equal(1, 2, 3, 4);
        progress.Should().OnlyContain(m => (string?)m["params"]!["progressToken"] == "p-1");
        messages.Last()["id"]!.GetValue<int>().Should().Be(2, "the response ends the stream, after every step");
        messages.FindIndex(m => m["id"] is not null).Should().Be(messages.Count - 1);
    }

    [Fact]
    public async Task Gives_each_session_its_own_child_process()
    {
        await using var front = await InProcessFront.StartEverythingAsync();

        await using var first = await front.ConnectAsync(Ct);
        var afterFirst = front.Children();
        await using var second = await front.ConnectAsync(Ct);
        var afterBoth = front.Children();

        first.SessionId.Should().NotBe(second.SessionId);
        afterFirst.Should().ContainSingle();
        afterBoth.Should().HaveCount(2).And.Contain(afterFirst);
        // Both sessions work, each on its own server.
        (await first.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "one" }, cancellationToken: Ct)).Content.OfType<TextContentBlock>().Single().Text.Should().Be("Echo: one");
        (await second.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "two" }, cancellationToken: Ct)).Content.OfType<TextContentBlock>().Single().Text.Should().Be("Echo: two");
    }

    [Fact]
    public async Task Delete_ends_the_session_and_kills_its_child()
    {
        await using var front = await InProcessFront.StartEverythingAsync();
        await using var client = await front.ConnectAsync(Ct);
        var child = front.Children().Single();
        using var http = new HttpClient();

        using var delete = new HttpRequestMessage(HttpMethod.Delete, front.Url) { Headers = { { "Mcp-Session-Id", client.SessionId } } };
        using var deleted = await http.SendAsync(delete, Ct);
        using var after = await http.SendAsync(Post(front.Url, """{"jsonrpc":"2.0","id":7,"method":"tools/list"}""", client.SessionId), Ct);

        deleted.StatusCode.Should().Be(HttpStatusCode.OK);
        ChildProcesses.IsRunning(child).Should().BeFalse("DELETE answers once the child is gone");
        front.Children().Should().BeEmpty();
        after.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await after.Content.ReadAsStringAsync(Ct)).Should().Contain("session not found");
    }

    [Fact]
    public async Task A_command_that_exits_at_once_fails_initialize_naming_its_exit_code_and_stderr()
    {
        await using var front = await InProcessFront.StartAsync(["sh", "-c", "echo 'API_KEY is not set' >&2; exit 3"]);

        var connect = async () => await front.ConnectAsync(Ct);

        var error = (await connect.Should().ThrowAsync<McpProtocolException>()).Which;
        error.Message.Should().Contain("exited with code 3").And.Contain("last stderr: API_KEY is not set");
        front.ChildStderr.Should().Contain("API_KEY is not set");
    }

    [Fact]
    public async Task A_command_that_does_not_exist_fails_initialize_saying_so()
    {
        await using var front = await InProcessFront.StartAsync(["/nonexistent/mcp-server", "--stdio"]);

        var connect = async () => await front.ConnectAsync(Ct);

        (await connect.Should().ThrowAsync<McpProtocolException>()).Which.Message
            .Should().Contain("cannot start the MCP server `/nonexistent/mcp-server --stdio`");
    }

    [Fact]
    public async Task Server_memory_works_through_the_front()
    {
        var script = NpmMcpServers.EntryScript("memory");
        var memoryFile = Path.Combine(Directory.CreateTempSubdirectory("stdio-front-memory-").FullName, "memory.jsonl");
        await using var front = await InProcessFront.StartAsync(["env", $"MEMORY_FILE_PATH={memoryFile}", NpmMcpServers.Node, script]);
        await using var client = await front.ConnectAsync(Ct);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        await client.CallToolAsync("create_entities", new Dictionary<string, object?>
        {
            ["entities"] = new JsonArray(new JsonObject { ["name"] = "Dynamo", ["entityType"] = "project", ["observations"] = new JsonArray("runs MCP servers") }),
        }, cancellationToken: Ct);
        var graph = await client.CallToolAsync("read_graph", new Dictionary<string, object?>(), cancellationToken: Ct);

        tools.Select(t => t.Name).Should().Contain(["create_entities", "read_graph"]);
        graph.Content.OfType<TextContentBlock>().Single().Text.Should().Contain("Dynamo").And.Contain("runs MCP servers");
        File.ReadAllText(memoryFile).Should().Contain("Dynamo");
    }

    [Fact]
    public async Task Server_filesystem_reads_its_allowed_directory_through_the_front()
    {
        var script = NpmMcpServers.EntryScript("filesystem");
        var allowed = Directory.CreateTempSubdirectory("stdio-front-fs-").FullName;
        await File.WriteAllTextAsync(Path.Combine(allowed, "notes.txt"), "written by the test", Ct);
        await using var front = await InProcessFront.StartAsync([NpmMcpServers.Node, script, allowed]);
        await using var client = await front.ConnectAsync(Ct);

        var listing = await client.CallToolAsync("list_directory", new Dictionary<string, object?> { ["path"] = allowed }, cancellationToken: Ct);
        var read = await client.CallToolAsync("read_text_file", new Dictionary<string, object?> { ["path"] = Path.Combine(allowed, "notes.txt") }, cancellationToken: Ct);
        var outside = await client.CallToolAsync("read_text_file", new Dictionary<string, object?> { ["path"] = "/etc/hostname" }, cancellationToken: Ct);

        listing.Content.OfType<TextContentBlock>().Single().Text.Should().Contain("[FILE] notes.txt");
        read.Content.OfType<TextContentBlock>().Single().Text.Should().Be("written by the test");
        outside.IsError.Should().BeTrue("the server confines reads to the directory it was given");
    }

    [Fact]
    public async Task The_probe_discovers_a_stdio_server_through_the_front()
    {
        await using var front = await InProcessFront.StartEverythingAsync();
        var endpoint = new McpEndpoint(front.Url, McpTransport.StreamableHttp, new Dictionary<string, string>());
        var probe = new McpServerProbe();

        var first = await probe.ProbeAsync(endpoint, TimeSpan.FromSeconds(60), Ct);
        var second = await probe.ProbeAsync(endpoint, TimeSpan.FromSeconds(60), Ct);

        first.IsSuccess.Should().BeTrue(first.Message);
        first.Description!.Tools.Select(t => t.Name).Should().Contain("echo");
        first.Description.PromptCount.Should().BeGreaterThan(0);
        first.Description.ResourceCount.Should().BeGreaterThan(0);
        second.Description!.Tools.Select(t => t.InputSchemaDigest).Should().Equal(first.Description.Tools.Select(t => t.InputSchemaDigest));
        front.Children().Should().BeEmpty("the probe closes its sessions (DELETE), which ends their children");
    }

    [Fact]
    public async Task Beyond_max_sessions_initialize_is_a_503_naming_the_limit()
    {
        await using var front = await InProcessFront.StartEverythingAsync(o => o with { MaxSessions = 1 });
        using var http = new HttpClient();

        using var first = await http.SendAsync(Post(front.Url, Initialize(1)), Ct);
        using var second = await http.SendAsync(Post(front.Url, Initialize(2)), Ct);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Headers.GetValues("Mcp-Session-Id").Single().Should().MatchRegex("^[0-9a-f]{32}$");
        second.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await second.Content.ReadAsStringAsync(Ct)).Should().Contain("--max-sessions 1");
    }

    [Fact]
    public async Task Requests_without_a_session_or_with_an_unknown_one_are_refused()
    {
        await using var front = await InProcessFront.StartEverythingAsync();
        using var http = new HttpClient();

        using var none = await http.SendAsync(Post(front.Url, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""), Ct);
        using var unknown = await http.SendAsync(Post(front.Url, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", new string('0', 32)), Ct);
        using var health = await http.GetAsync(new Uri(front.Url, "/healthz"), Ct);

        none.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await none.Content.ReadAsStringAsync(Ct)).Should().Contain("send initialize first");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        front.Children().Should().BeEmpty();
    }

    [Fact]
    public async Task Unsolicited_messages_reach_the_client_on_its_get_stream()
    {
        // A stdio server that announces a changed tool list as soon as the client says it is initialized (no request pending).
        const string server = """
            const rl = require('readline').createInterface({ input: process.stdin });
            const send = m => process.stdout.write(JSON.stringify(m) + '\n');
            rl.on('line', line => {
              const m = JSON.parse(line);
              if (m.method === 'initialize') send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: { listChanged: true } }, serverInfo: { name: 'announcer', version: '1' } } });
              else if (m.method === 'notifications/initialized') send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
              else if (m.id !== undefined && m.method) send({ jsonrpc: '2.0', id: m.id, result: { tools: [] } });
            });
            """;
        await using var front = await InProcessFront.StartAsync([NpmMcpServers.Node, "-e", server]);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                NotificationHandlers = [new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                {
                    changed.TrySetResult();
                    return ValueTask.CompletedTask;
                })],
            },
        };

        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = front.Url, TransportMode = HttpTransportMode.StreamableHttp }), options, cancellationToken: Ct);
        await changed.Task.WaitAsync(TestTimeouts.Message, Ct);

        client.ServerInfo!.Name.Should().Be("announcer");
    }

    [Fact]
    public async Task An_elicitation_request_of_the_server_reaches_the_client_and_its_answer_goes_back()
    {
        await using var front = await InProcessFront.StartEverythingAsync();
        var asked = new ConcurrentQueue<string>();
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                ElicitationHandler = (request, _) =>
                {
                    asked.Enqueue(request!.Message);
                    return ValueTask.FromResult(new ElicitResult
                    {
                        Action = "accept",
                        Content = new Dictionary<string, System.Text.Json.JsonElement> { ["name"] = System.Text.Json.JsonDocument.Parse("\"Ada Through-The-Front\"").RootElement },
                    });
                },
            },
        };
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = front.Url, TransportMode = HttpTransportMode.StreamableHttp }), options, cancellationToken: Ct);

        var result = await client.CallToolAsync("trigger-elicitation-request", new Dictionary<string, object?>(), cancellationToken: Ct);

        asked.Should().ContainSingle().Which.Should().Contain("Please provide inputs");
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(c => c.Text)).Should().Contain("Ada Through-The-Front");
    }

    private static string Initialize(int id) =>
        """{"jsonrpc":"2.0","id":""" + id.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + ""","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private static HttpRequestMessage Post(Uri url, string body, string? sessionId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        return request;
    }

    private sealed class RecordingProgress(int total) : IProgress<ProgressNotificationValue>
    {
        private readonly ConcurrentQueue<ProgressNotificationValue> values = new();
        private readonly TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<ProgressNotificationValue> Values => [.. values];

        public int Total => total;

        public Task FirstStep => first.Task;

        public void Report(ProgressNotificationValue value)
        {
            values.Enqueue(value);
            first.TrySetResult();
        }
    }
}
