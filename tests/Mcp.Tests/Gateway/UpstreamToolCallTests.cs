using System.Text.Json;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Gateway;
using DynamoMcp.Mcp.Tests.Fixtures;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Tests.Gateway;

/// <summary>Forwarding tools/call through the pool, against server-everything and in-process SDK servers.</summary>
public sealed class UpstreamToolCallTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static UpstreamSessionKey Key(Uri url, string caller = "alice", string name = "everything") =>
        new(caller, new UpstreamServerKey("team-a", name, "uid-1", url));

    internal static McpEndpoint Endpoint(Uri url, McpTransport transport = McpTransport.StreamableHttp) => new(url, transport, new Dictionary<string, string>());

    private static Dictionary<string, JsonElement> Args(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    private static string Json(CallToolResult result) => JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions);

    [Theory]
    [InlineData(McpTransport.StreamableHttp)]
    [InlineData(McpTransport.Sse)]
    public async Task Echo_round_trips_unchanged(McpTransport transport)
    {
        await using var server = await ServerEverythingHttp.StartAsync(Ct, legacySse: transport == McpTransport.Sse);
        await using var pool = new UpstreamSessionPool();
        var call = new UpstreamToolCall(pool);

        var result = await call.CallAsync(Key(server.Url), Endpoint(server.Url, transport), "echo", Args("""{"message":"héllo \"gateway\""}"""), null, Patience, Ct);

        result.IsError.Should().NotBe(true, Json(result));
        result.Content.OfType<TextContentBlock>().Single().Text.Should().Contain("héllo \"gateway\"");
    }

    [Fact]
    public async Task Structured_content_is_error_and_meta_pass_through_unchanged()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateless);
        await using var pool = new UpstreamSessionPool();

        var result = await new UpstreamToolCall(pool).CallAsync(Key(server.Url), Endpoint(server.Url), "rich", null, null, Patience, Ct);

        // The SDK's server stamps its serverInfo into _meta (2026-07-28); everything the tool returned passes through.
        result.Meta!.Remove("io.modelcontextprotocol/serverInfo");
        // resultType ("complete") is the 2026-07-28 protocol's frame, not the tool's.
        var actual = System.Text.Json.Nodes.JsonNode.Parse(Json(result))!.AsObject();
        actual.Remove("resultType");
        actual.ToJsonString().Should().Be(Json(GatewayTestServer.Rich));
    }

    [Fact]
    public async Task Relays_the_upstreams_progress()
    {
        await using var server = await ServerEverythingHttp.StartAsync(Ct);
        await using var pool = new UpstreamSessionPool();
        var progress = new RecordingProgress();

        var result = await new UpstreamToolCall(pool).CallAsync(
            Key(server.Url), Endpoint(server.Url), "trigger-long-running-operation", Args("""{"duration":1,"steps":4}"""), progress, Patience, Ct);

        result.IsError.Should().NotBe(true, Json(result));
        // The C# client may drop a notification handled after the response completed the call: the first must arrive.
        await progress.First.Task.WaitAsync(Patience, Ct);
        progress.Values.Should().NotBeEmpty().And.AllSatisfy(v =>
        {
            v.Progress.Should().BeInRange(1, 4);
            v.Total.Should().Be(4);
        });
    }

    [Fact]
    public async Task The_callers_cancellation_reaches_the_upstream_tool()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateless);
        await using var pool = new UpstreamSessionPool();
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var calling = new UpstreamToolCall(pool).CallAsync(Key(server.Url), Endpoint(server.Url), "wait_for_cancel", null, null, TimeSpan.FromMinutes(5), caller.Token);
        await server.Waiting.Task.WaitAsync(Patience, Ct);
        await caller.CancelAsync();

        await FluentActions.Awaiting(() => calling).Should().ThrowAsync<OperationCanceledException>();
        await server.Cancelled.Task.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task A_timeout_becomes_an_error_result_naming_server_tool_and_timeout()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateless);
        await using var pool = new UpstreamSessionPool();

        var result = await new UpstreamToolCall(pool).CallAsync(Key(server.Url, name: "slow"), Endpoint(server.Url), "wait_for_cancel", null, null, TimeSpan.FromSeconds(1), Ct);

        result.IsError.Should().BeTrue();
        var text = result.Content.OfType<TextContentBlock>().Single().Text;
        text.Should().Contain("team-a/slow").And.Contain("'wait_for_cancel'").And.Contain("within 1s").And.Contain("spec.timeoutSeconds");
        await server.Cancelled.Task.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task A_json_rpc_error_becomes_an_error_result()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateless);
        await using var pool = new UpstreamSessionPool();

        var result = await new UpstreamToolCall(pool).CallAsync(Key(server.Url, name: "test"), Endpoint(server.Url), "fail", null, null, Patience, Ct);

        result.IsError.Should().BeTrue();
        result.Content.OfType<TextContentBlock>().Single().Text.Should().Contain("team-a/test").And.Contain("'fail'").And.Contain("no such behaviour");
    }

    [Fact]
    public async Task Connection_refused_becomes_an_error_result_naming_the_server()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/mcp");
        await using var pool = new UpstreamSessionPool();

        var result = await new UpstreamToolCall(pool).CallAsync(Key(url, name: "down"), Endpoint(url), "echo", null, null, Patience, Ct);

        result.IsError.Should().BeTrue();
        var text = result.Content.OfType<TextContentBlock>().Single().Text;
        text.Should().Contain("team-a/down").And.Contain("connection refused").And.NotContain("   at ");
        pool.Count.Should().Be(0, "a failed connect is not kept");
    }

    [Fact]
    public async Task A_session_the_upstream_ended_is_re_established_on_the_next_call()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        await using var pool = new UpstreamSessionPool();
        var call = new UpstreamToolCall(pool);
        var key = Key(server.Url, name: "test");

        var first = await call.CallAsync(key, Endpoint(server.Url), "session_id", null, null, Patience, Ct);
        var session = await pool.GetAsync(key, Endpoint(server.Url), Ct);
        session.Client.SessionId.Should().NotBeNullOrEmpty();
        await EndSessionAsync(server.Url, session);

        var second = await call.CallAsync(key, Endpoint(server.Url), "session_id", null, null, Patience, Ct);

        second.IsError.Should().NotBe(true, Json(second));
        Text(second).Should().NotBeEmpty().And.NotBe(Text(first));
    }

    [Fact]
    public async Task The_sdk_reports_an_ended_session_as_the_pool_expects()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        await using var pool = new UpstreamSessionPool();
        var key = Key(server.Url, name: "test");
        var session = await pool.GetAsync(key, Endpoint(server.Url), Ct);
        await session.Client.CallToolAsync("session_id", cancellationToken: Ct);
        await EndSessionAsync(server.Url, session);

        var thrown = await FluentActions.Awaiting(async () => await session.Client.CallToolAsync("session_id", cancellationToken: Ct)).Should().ThrowAsync<Exception>();

        var e = thrown.Which;
        UpstreamToolCall.IsSessionGone(e, session).Should().BeTrue($"{e.GetType()}: {e.Message} / {e.InnerException?.GetType()}");
    }

    internal static string Text(CallToolResult result) => result.Content.OfType<TextContentBlock>().Single().Text;

    /// <summary>Ends the session on the server's side, as a restart or the server's own idle expiry would.</summary>
    internal static async Task EndSessionAsync(Uri url, UpstreamSession session)
    {
        using var http = new HttpClient();
        using var delete = new HttpRequestMessage(HttpMethod.Delete, url);
        delete.Headers.Add("Mcp-Session-Id", session.Client.SessionId);
        delete.Headers.Add("MCP-Protocol-Version", session.Client.NegotiatedProtocolVersion);
        using var response = await http.SendAsync(delete, Ct);
        response.IsSuccessStatusCode.Should().BeTrue($"DELETE answered {(int)response.StatusCode}");
    }

    private static readonly AsyncLocal<string?> Caller = new();

    [Fact]
    public async Task Server_requests_reach_the_router_and_a_session_does_not_carry_the_context_of_the_caller_that_opened_it()
    {
        await using var server = await ServerEverythingHttp.StartAsync(Ct);
        await using var pool = new UpstreamSessionPool();
        var call = new UpstreamToolCall(pool);
        var key = Key(server.Url);
        var router = new RecordingRouter(Caller);
        pool.SetRouter(key, router);

        // The first caller opens the session with something of its own in its execution context.
        Caller.Value = "first caller's secret";
        (await call.CallAsync(key, Endpoint(server.Url), "echo", Args("""{"message":"hi"}"""), null, Patience, Ct)).IsError.Should().NotBe(true);
        Caller.Value = null;

        var elicited = await Task.Run(() => call.CallAsync(key, Endpoint(server.Url), "trigger-elicitation-request", null, null, Patience, Ct), Ct);

        elicited.IsError.Should().NotBe(true, Json(elicited));
        Json(elicited).Should().Contain("Grace Hopper", "the router's answer went back to the server");
        router.SeenMarkers.Should().ContainSingle().Which.Should().BeNull("a later request runs in its own context, not the one of the caller that opened the session");
    }
}
