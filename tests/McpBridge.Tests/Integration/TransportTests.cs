using System.Net;
using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

[Collection(BridgeCollection.Name)]
public sealed class TransportTests(BridgeFixture fx)
{
    [Fact]
    public async Task The_legacy_sse_transport_serves_tools_behind_the_api_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Erin;
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "over-sse", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "over-sse", ct);
        var sse = new Uri(fx.Bridge.BaseAddress, "/sse");

        await using var client = await BridgeFixture.ConnectAsync(sse, HttpTransportMode.Sse, tenant.ApiKey, null, ct);
        await ClientWaits.ToolAsync(client, "scaffold_over-sse", present: true, ct);
        var listed = await client.CallToolAsync("list_templates", new Dictionary<string, object?>(), cancellationToken: ct);

        listed.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(listed));
        listed.StructuredContent!.Value.GetProperty("namespace").GetString().Should().Be(tenant.Namespace);
        listed.StructuredContent!.Value.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().Contain("over-sse");

        using var anonymous = fx.CreateHttpClient(null);
        using var response = await anonymous.GetAsync("/sse", HttpCompletionOption.ResponseHeadersRead, ct);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_stateless_bridge_serves_tools_but_sends_no_list_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Erin;
        await using var bridge = await fx.StartBridgeAsync(
            new Dictionary<string, string?> { ["Bridge:SessionMode"] = "Stateless", ["Bridge:EnableLegacySse"] = "false" }, ct);
        var listChanged = 0;
        await using var client = await BridgeFixture.ConnectAsync(
            bridge.McpEndpoint, HttpTransportMode.StreamableHttp, tenant.ApiKey, new McpClientOptions { ProtocolVersion = ProtocolVersionTests.Sessions }, ct);
        await using var registration = client.RegisterNotificationHandler(
            NotificationMethods.ToolListChangedNotification,
            (_, _) =>
            {
                Interlocked.Increment(ref listChanged);
                return ValueTask.CompletedTask;
            });
        (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).Should().NotContain("scaffold_stateless-one");

        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "stateless-one", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "stateless-one", ct);

        // The next tools/list shows it; nothing was pushed.
        await ClientWaits.ToolAsync(client, "scaffold_stateless-one", present: true, ct);
        var listed = await client.CallToolAsync("list_templates", new Dictionary<string, object?>(), cancellationToken: ct);
        listed.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(listed));
        listed.StructuredContent!.Value.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().Contain("stateless-one");
        Volatile.Read(ref listChanged).Should().Be(0);

        using var http = fx.CreateHttpClient(tenant.ApiKey, bridge);
        using var sse = await http.GetAsync("/sse", HttpCompletionOption.ResponseHeadersRead, ct);
        sse.StatusCode.Should().Be(HttpStatusCode.NotFound, "legacy SSE needs sessions, so a stateless bridge does not serve it");
    }

    [Fact]
    public async Task A_stateful_session_gets_list_changed_for_the_same_change()
    {
        // The counterpart of the stateless test: the same change does push list_changed to a session (2025-11-25),
        // so "no notification" above is about the mode, not about a change the bridge missed.
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Erin;
        await using var client = await fx.ConnectAsync(tenant.ApiKey, new McpClientOptions { ProtocolVersion = ProtocolVersionTests.Sessions }, ct);
        await using var notifications = new ListChangedNotifications(client);
        var listChanged = notifications.Received;
        await client.ListToolsAsync(cancellationToken: ct);

        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "stateful-one", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "stateful-one", ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        (await listChanged.Reader.ReadAsync(timeout.Token)).Should().BeTrue();
    }
}
