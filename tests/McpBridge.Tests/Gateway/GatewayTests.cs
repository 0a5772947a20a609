using System.Net;
using System.Text;
using System.Text.Json;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Tests.Fixtures;
using DynamoMcp.McpBridge.Gateway;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Headers;
using DynamoMcp.McpBridge.Tests.Fakes;
using DynamoMcp.McpBridge.Tests.Integration;
using k8s;
using k8s.Models;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Gateway;

/// <summary>
/// The bridge as a gateway to McpServers, through real MCP clients: an SDK test server on loopback is the upstream
/// (it records every request's headers), registered as a remote McpServer whose status the test writes as the operator
/// would. Each test has servers of its own, in the namespace of <see cref="Tenants.Ivan"/>.
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class GatewayTests(BridgeFixture fx)
{
    private static readonly Tenants.Tenant Owner = Tenants.Ivan;

    /// <summary>What discovery lists of <see cref="GatewayTestServer"/>, for the status the test writes as the operator.</summary>
    private static readonly DiscoveredTool[] UpstreamTools = [.. new[] { "session_id", "wait_for_cancel", "rich", "fail" }.Select(n => OperatorActions.Tool(n))];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A 2025-11-25 client: it has a session, so the bridge can push list_changed and pass server requests.</summary>
    private static McpClientOptions SessionClient(Action<McpClientOptions>? configure = null)
    {
        var options = new McpClientOptions { ProtocolVersion = "2025-11-25" };
        configure?.Invoke(options);
        return options;
    }

    [Fact]
    public async Task A_ready_servers_tools_appear_prefixed_after_its_filter_pass_results_unchanged_and_go_when_it_is_not_ready()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var name = Unique("gw");
        var changes = 0;
        await using var client = await fx.ConnectAsync(Owner.ApiKey, SessionClient(o => o.Handlers.NotificationHandlers =
        [
            new(NotificationMethods.ToolListChangedNotification, (_, _) =>
            {
                Interlocked.Increment(ref changes);
                return ValueTask.CompletedTask;
            }),
        ]), Ct);

        await fx.Operator.CreateRemoteMcpServerAsync(Owner.Namespace, name, upstream.Url, Ct, filter: new ToolFilter
        {
            Deny = ["fail"],
            Overrides = [new ToolOverride { Name = "session_id", Rename = "whoami", Description = "Which upstream session serves me" }],
        });
        (await client.ListToolsAsync(cancellationToken: Ct)).Should().NotContain(t => t.Name.StartsWith(name + "__", StringComparison.Ordinal), "the server is not Ready yet");

        await fx.Operator.MarkMcpServerReadyAsync(Owner.Namespace, name, UpstreamTools, Ct);
        await ClientWaits.ToolAsync(client, name + "__rich", present: true, Ct);
        var tools = (await client.ListToolsAsync(cancellationToken: Ct)).Where(t => t.Name.StartsWith(name + "__", StringComparison.Ordinal)).ToList();
        tools.Select(t => t.Name).Should().BeEquivalentTo([name + "__whoami", name + "__wait_for_cancel", name + "__rich"], "fail is denied and session_id renamed");
        tools.Single(t => t.Name == name + "__whoami").Description.Should().Be("Which upstream session serves me");
        Volatile.Read(ref changes).Should().BeGreaterThan(0, "a server becoming Ready changes the session's tool list");

        var rich = await client.CallToolAsync(name + "__rich", cancellationToken: Ct);
        Json(rich).Should().Be(Json(GatewayTestServer.Rich), "content, structured content, isError and _meta pass unchanged");
        var whoami = await client.CallToolAsync(name + "__whoami", cancellationToken: Ct);
        whoami.IsError.Should().NotBe(true, Text(whoami));
        upstream.Sessions.Should().Contain(Text(whoami), "a renamed tool is called upstream by its own name");

        var before = Volatile.Read(ref changes);
        await fx.Operator.MarkMcpServerUnreachableAsync(Owner.Namespace, name, Ct);
        await ClientWaits.ToolAsync(client, name + "__rich", present: false, Ct);
        Volatile.Read(ref changes).Should().BeGreaterThan(before, "a server becoming unready changes the list again");
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, name, Ct);
    }

    [Fact]
    public async Task Each_client_session_has_its_own_upstream_session_and_keeps_it()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var name = await ReadyServerAsync(upstream.Url);
        await using var first = await fx.ConnectAsync(Owner.ApiKey, SessionClient(), Ct);
        await using var second = await fx.ConnectAsync(Owner.ApiKey, SessionClient(), Ct);
        await ClientWaits.ToolAsync(first, name + "__session_id", present: true, Ct);

        var a = Text(await first.CallToolAsync(name + "__session_id", cancellationToken: Ct));
        var b = Text(await second.CallToolAsync(name + "__session_id", cancellationToken: Ct));
        var aAgain = Text(await first.CallToolAsync(name + "__session_id", cancellationToken: Ct));

        a.Should().NotBeNullOrEmpty();
        b.Should().NotBe(a, "two client sessions never share upstream session state, even of one identity");
        aAgain.Should().Be(a, "a client session keeps its upstream session");
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, name, Ct);
    }

    [Fact]
    public async Task The_callers_key_never_goes_upstream_and_the_servers_own_headers_do_from_an_opted_in_secret()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var secret = Unique("headers");
        await fx.Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = secret, Labels = new Dictionary<string, string> { [McpServerHeaders.OptInLabel] = "true" } },
                StringData = new Dictionary<string, string> { ["X-Upstream-Token"] = "upstream-s3cret\n" },
            },
            Owner.Namespace,
            cancellationToken: Ct);
        var name = await ReadyServerAsync(upstream.Url, headersFrom: secret);
        await using var client = await fx.ConnectAsync(Owner.ApiKey, SessionClient(), Ct);
        await ClientWaits.ToolAsync(client, name + "__session_id", present: true, Ct);

        var aggregated = await client.CallToolAsync(name + "__session_id", cancellationToken: Ct);
        aggregated.IsError.Should().NotBe(true, Text(aggregated));
        await using (var direct = await ConnectPerServerAsync(Owner, name))
        {
            (await direct.CallToolAsync("session_id", cancellationToken: Ct)).IsError.Should().NotBe(true);
        }

        var seen = upstream.RequestHeaders.ToList();
        seen.Should().NotBeEmpty();
        seen.Should().OnlyContain(h => h.Values.All(v => !v.Contains(Owner.ApiKey, StringComparison.Ordinal)), "the caller's API key stays at the bridge");
        seen.Should().OnlyContain(h => !h.ContainsKey("authorization") && !h.ContainsKey("cookie"));
        seen.Should().OnlyContain(h => h.GetValueOrDefault("x-upstream-token") == "upstream-s3cret", "every request of the gateway carries the server's own header");

        // A Secret without the opt-in label is not sent anywhere.
        var unlabelled = Unique("plain");
        await fx.Admin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = unlabelled }, StringData = new Dictionary<string, string> { ["X-Other"] = "do-not-send" } },
            Owner.Namespace,
            cancellationToken: Ct);
        var refused = await ReadyServerAsync(upstream.Url, headersFrom: unlabelled);
        var count = upstream.RequestHeaders.Count;
        using var http = fx.CreateHttpClient(Owner.ApiKey);
        using var response = await http.SendAsync(Initialize($"/servers/{Owner.Namespace}/{refused}/mcp"), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain(McpServerHeaders.OptInLabel + "=true");
        upstream.RequestHeaders.Skip(count).Should().NotContain(h => h.ContainsKey("x-other"));
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, name, Ct);
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, refused, Ct);
    }

    [Fact]
    public async Task Cancelling_a_call_cancels_it_upstream()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var name = await ReadyServerAsync(upstream.Url);
        await using var client = await fx.ConnectAsync(Owner.ApiKey, SessionClient(), Ct);
        await ClientWaits.ToolAsync(client, name + "__wait_for_cancel", present: true, Ct);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = client.CallToolAsync(name + "__wait_for_cancel", cancellationToken: cancel.Token).AsTask();
        await upstream.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        await upstream.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, name, Ct);
    }

    [Fact]
    public async Task A_slow_tool_ends_at_the_servers_timeout_with_an_error_that_names_the_server()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var name = await ReadyServerAsync(upstream.Url, timeoutSeconds: 1);
        await using var client = await fx.ConnectAsync(Owner.ApiKey, SessionClient(), Ct);
        await ClientWaits.ToolAsync(client, name + "__wait_for_cancel", present: true, Ct);

        var result = await client.CallToolAsync(name + "__wait_for_cancel", cancellationToken: Ct);

        result.IsError.Should().BeTrue();
        Text(result).Should().Contain($"{Owner.Namespace}/{name}").And.Contain("spec.timeoutSeconds");
        await upstream.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, name, Ct);
    }

    [Fact]
    public async Task Another_tenant_neither_sees_nor_reaches_the_servers()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var name = await ReadyServerAsync(upstream.Url);
        await using (var owner = await fx.ConnectAsync(Owner.ApiKey, SessionClient(), Ct))
        {
            await ClientWaits.ToolAsync(owner, name + "__rich", present: true, Ct);
        }

        await using var other = await fx.ConnectAsync(Tenants.Kate.ApiKey, SessionClient(), Ct);
        (await other.ListToolsAsync(cancellationToken: Ct)).Should().NotContain(t => t.Name.StartsWith(name + "__", StringComparison.Ordinal));
        await FluentActions.Awaiting(async () => await other.CallToolAsync(name + "__rich", cancellationToken: Ct))
            .Should().ThrowAsync<McpProtocolException>().WithMessage("*Unknown tool*", "the tool does not exist for this tenant");

        using var http = fx.CreateHttpClient(Tenants.Kate.ApiKey);
        var count = upstream.RequestHeaders.Count;
        using var response = await http.SendAsync(Initialize($"/servers/{Owner.Namespace}/{name}/mcp"), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain(Owner.Namespace);
        upstream.RequestHeaders.Count.Should().Be(count, "nothing of the refused caller reached the server");

        using var anonymous = fx.CreateHttpClient(apiKey: null);
        using var unauthenticated = await anonymous.SendAsync(Initialize($"/servers/{Owner.Namespace}/{name}/mcp"), Ct);
        unauthenticated.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, name, Ct);
    }

    [Fact]
    public async Task The_per_server_endpoint_serves_the_server_unprefixed_with_session_ids_bound_to_the_caller()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var name = await ReadyServerAsync(upstream.Url);
        await using var client = await ConnectPerServerAsync(Owner, name);

        (await client.ListToolsAsync(cancellationToken: Ct)).Select(t => t.Name).Should().BeEquivalentTo("session_id", "wait_for_cancel", "rich", "fail");
        Json(await client.CallToolAsync("rich", cancellationToken: Ct)).Should().Be(Json(GatewayTestServer.Rich));
        var upstreamId = Text(await client.CallToolAsync("session_id", cancellationToken: Ct));
        client.SessionId.Should().StartWith(upstreamId + ".", "the client holds the upstream's session id bound to itself");

        // The same id with another MAC (or presented by anyone else) is an unknown session.
        using var http = fx.CreateHttpClient(Owner.ApiKey);
        using var forged = Initialize($"/servers/{Owner.Namespace}/{name}/mcp", method: "tools/list");
        forged.Headers.Add("Mcp-Session-Id", upstreamId + "." + new string('A', 32));
        forged.Headers.Add("Mcp-Protocol-Version", "2025-11-25");
        using var response = await http.SendAsync(forged, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var missing = await http.SendAsync(Initialize($"/servers/{Owner.Namespace}/{Unique("none")}/mcp"), Ct);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync(Ct)).Should().Contain("does not exist");
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, name, Ct);
    }

    [Fact]
    public async Task Two_stateless_bridges_serve_one_client_alternately_on_both_endpoints()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var name = await ReadyServerAsync(upstream.Url);
        var settings = new Dictionary<string, string?>
        {
            ["Bridge:SessionMode"] = "Stateless",
            ["Bridge:EnableLegacySse"] = "false",
            ["Bridge:Gateway:SessionKey"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("two-bridges-share-this-32-byte-key!")),
        };
        await using var one = await fx.StartBridgeAsync(settings, Ct);
        await using var two = await fx.StartBridgeAsync(settings, Ct);
        var balancer = new RoundRobinHandler(one.BaseAddress, two.BaseAddress);

        await using (var aggregated = await ConnectAsync(balancer, new Uri(one.BaseAddress, "/mcp"), Owner.ApiKey, null))
        {
            await ClientWaits.ToolAsync(aggregated, name + "__rich", present: true, Ct);
            for (var i = 0; i < 4; i++)
            {
                Json(await aggregated.CallToolAsync(name + "__rich", cancellationToken: Ct)).Should().Be(Json(GatewayTestServer.Rich));
            }
        }

        await using (var perServer = await ConnectAsync(balancer, new Uri(one.BaseAddress, $"/servers/{Owner.Namespace}/{name}/mcp"), Owner.ApiKey, SessionClient()))
        {
            var ids = new HashSet<string>();
            for (var i = 0; i < 4; i++)
            {
                ids.Add(Text(await perServer.CallToolAsync("session_id", cancellationToken: Ct)));
            }

            ids.Should().ContainSingle("one upstream session, whichever bridge forwards the request");
        }

        balancer.Served.Should().OnlyContain(n => n > 2, "both bridges served requests");
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, name, Ct);
    }

    [Fact]
    public async Task A_flood_on_the_per_server_endpoint_gets_429_and_nothing_of_it_beyond_the_limit_goes_upstream()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateless);
        var tenant = Tenants.Flood;
        var name = Unique("flooded");
        await fx.Operator.CreateRemoteMcpServerAsync(tenant.Namespace, name, upstream.Url, Ct);
        await fx.Operator.MarkMcpServerReadyAsync(tenant.Namespace, name, UpstreamTools, Ct);
        await using var bridge = await fx.StartBridgeAsync(BridgeFixture.FloodLimit, Ct);
        using var http = fx.CreateHttpClient(tenant.ApiKey, bridge);
        await WaitUntilServedAsync(http, $"/servers/{tenant.Namespace}/{name}/mcp");
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        var before = upstream.RequestHeaders.Count;
        var responses = await Task.WhenAll(Enumerable.Range(0, 120).Select(async _ =>
        {
            using var response = await http.SendAsync(Initialize($"/servers/{tenant.Namespace}/{name}/mcp"), Ct);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta);
        }));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        limited.Should().NotBeEmpty().And.OnlyContain(r => r.RetryAfter >= TimeSpan.FromSeconds(1));
        (upstream.RequestHeaders.Count - before).Should().Be(responses.Length - limited.Count, "a throttled request never reaches the server");
        await fx.Operator.DeleteMcpServerAsync(tenant.Namespace, name, Ct);
    }

    [Fact]
    public async Task Calls_on_both_endpoints_are_counted_per_server_tool_and_outcome_with_their_duration_and_the_upstream_sessions()
    {
        await using var upstream = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var name = await ReadyServerAsync(upstream.Url);
        var server = $"{Owner.Namespace}/{name}";
        await using var client = await fx.ConnectAsync(Owner.ApiKey, SessionClient(), Ct);
        await ClientWaits.ToolAsync(client, name + "__rich", present: true, Ct);

        await client.CallToolAsync(name + "__session_id", cancellationToken: Ct);
        await client.CallToolAsync(name + "__rich", cancellationToken: Ct);
        await using (var direct = await ConnectPerServerAsync(Owner, name))
        {
            await direct.CallToolAsync("session_id", cancellationToken: Ct);
        }

        // The exporter caches a scrape briefly: scrape until every count is there.
        var text = await fx.ScrapeMetricsUntilAsync(t =>
            GatewayCalls(t, server, "session_id", "ok") == 2 && GatewayCalls(t, server, "rich", "error") == 1, Ct);
        text.Should().MatchRegex($@"dynamo_mcp_bridge_gateway_call_duration_seconds_count\{{[^}}]*server=""{server}""[^}}]*tool=""session_id""[^}}]*\}} 2\b", "the histogram counts the session_id calls of both endpoints");
        text.Should().MatchRegex(@"dynamo_mcp_bridge_gateway_upstream_sessions(\{[^}]*\})? [1-9]", "the directory's and this caller's upstream sessions are held");
        await fx.Operator.DeleteMcpServerAsync(Owner.Namespace, name, Ct);
    }

    private static double GatewayCalls(string scrape, string server, string tool, string outcome) =>
        scrape.Split('\n')
            .Where(l => l.StartsWith("dynamo_mcp_bridge_gateway_calls_total{", StringComparison.Ordinal)
                && l.Contains($"server=\"{server}\"", StringComparison.Ordinal)
                && l.Contains($"tool=\"{tool}\"", StringComparison.Ordinal)
                && l.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));

    private async Task WaitUntilServedAsync(HttpClient http, string path)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var last = "";
        try
        {
            while (true)
            {
                using var response = await http.SendAsync(Initialize(path), timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(timeout.Token)}";
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{path} was not served within 30 s; last answer {last}");
        }
    }

    private async Task<string> ReadyServerAsync(Uri url, string? headersFrom = null, int? timeoutSeconds = null)
    {
        var name = Unique("gw");
        await fx.Operator.CreateRemoteMcpServerAsync(Owner.Namespace, name, url, Ct, headersFrom, timeoutSeconds: timeoutSeconds);
        await fx.Operator.MarkMcpServerReadyAsync(Owner.Namespace, name, UpstreamTools, Ct);
        return name;
    }

    private Task<McpClient> ConnectPerServerAsync(Tenants.Tenant tenant, string name) =>
        BridgeFixture.ConnectAsync(new Uri(fx.Bridge.BaseAddress, $"/servers/{Owner.Namespace}/{name}/mcp"), HttpTransportMode.StreamableHttp, tenant.ApiKey, SessionClient(), Ct);

    private static Task<McpClient> ConnectAsync(HttpMessageHandler handler, Uri endpoint, string apiKey, McpClientOptions? options) =>
        McpClient.CreateAsync(
            new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Endpoint = endpoint,
                    TransportMode = HttpTransportMode.StreamableHttp,
                    AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + apiKey },
                },
                new HttpClient(handler, disposeHandler: false),
                ownsHttpClient: true),
            options,
            cancellationToken: Ct);

    private static HttpRequestMessage Initialize(string path, string method = "initialize")
    {
        var body = method == "initialize"
            ? """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"gateway-tests","version":"1"}}}"""
            : $$$"""{"jsonrpc":"2.0","id":2,"method":"{{{method}}}","params":{}}""";
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        return request;
    }

    /// <summary>
    /// The result as JSON, without what the protocol layer of 2026-07-28 adds to every sessionless response: the
    /// <c>io.modelcontextprotocol/*</c> keys of <c>_meta</c> (the answering server's info) and <c>resultType</c>.
    /// </summary>
    private static string Json(CallToolResult result)
    {
        var json = JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions)!.AsObject();
        json.Remove("resultType");
        if (json["_meta"] is System.Text.Json.Nodes.JsonObject meta)
        {
            foreach (var key in meta.Select(p => p.Key).Where(k => k.StartsWith("io.modelcontextprotocol/", StringComparison.Ordinal)).ToList())
            {
                meta.Remove(key);
            }
        }

        return json.ToJsonString();
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
