using System.Threading.Channels;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// One endpoint, two protocol eras (the default SessionMode StatefulForInitializeClients): a 2025-11-25 client
/// gets a session through initialize, a 2026-07-28 client is served per request (server/discover, no session).
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class ProtocolVersionTests(BridgeFixture fx)
{
    public const string Sessions = "2025-11-25";
    public const string Stateless = "2026-07-28";

    [Theory]
    [InlineData(Sessions, "proto-session")]
    [InlineData(Stateless, "proto-stateless")]
    public async Task Both_protocol_versions_list_and_call_the_per_template_tools(string version, string template)
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Dave;
        await using var client = await fx.ConnectAsync(tenant.ApiKey, new McpClientOptions { ProtocolVersion = version }, ct);

        client.NegotiatedProtocolVersion.Should().Be(version);
        if (version == Sessions)
        {
            client.SessionId.Should().NotBeNullOrEmpty("an initialize client gets a session");
        }
        else
        {
            client.SessionId.Should().BeNull("2026-07-28 has no sessions");
        }

        (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).Should().Contain("list_templates").And.NotContain("scaffold_" + template);
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, template, ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, template, ct);
        await ClientWaits.ToolAsync(client, "scaffold_" + template, present: true, ct);

        var tool = (await client.ListToolsAsync(cancellationToken: ct)).Single(t => t.Name == "scaffold_" + template);
        tool.JsonSchema.GetProperty("properties").TryGetProperty("project_name", out _).Should().BeTrue("the tool's schema is the template's variables");
        var call = client.CallToolAsync("scaffold_" + template, new Dictionary<string, object?> { ["project_name"] = "app_" + template.Replace('-', '_') }, cancellationToken: ct).AsTask();
        var scaffold = await fx.Operator.WaitForScaffoldAsync(tenant.Namespace, template, ct);
        await fx.Operator.SucceedAsync(tenant.Namespace, scaffold, new Dictionary<string, string> { ["app/README.md"] = "# app\n" }, ct);

        var result = await call;
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        result.StructuredContent!.Value.GetProperty("phase").GetString().Should().Be("Succeeded");
        result.StructuredContent!.Value.GetProperty("name").GetString().Should().Be(scaffold);
    }

    [Fact]
    public async Task A_2025_11_25_session_gets_list_changed_when_a_template_becomes_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Dave;
        await using var client = await fx.ConnectAsync(tenant.ApiKey, new McpClientOptions { ProtocolVersion = Sessions }, ct);
        await using var notifications = new ListChangedNotifications(client);
        var listChanged = notifications.Received;
        (await client.ListToolsAsync(cancellationToken: ct)).Select(t => t.Name).Should().NotContain("scaffold_proto-pushed");

        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "proto-pushed", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "proto-pushed", ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        (await listChanged.Reader.ReadAsync(timeout.Token)).Should().BeTrue();
        await ClientWaits.ToolAsync(client, "scaffold_proto-pushed", present: true, ct);
    }

    [Fact]
    public async Task A_client_that_asks_for_no_version_gets_the_newest_on_the_same_endpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await fx.ConnectAsync(Tenants.Dave.ApiKey, null, ct);

        client.NegotiatedProtocolVersion.Should().Be(Stateless);
        client.ServerCapabilities.Tools.Should().NotBeNull();
    }
}
