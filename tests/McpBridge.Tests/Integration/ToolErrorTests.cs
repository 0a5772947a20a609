using System.Net;
using System.Text;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.Integration;

[Collection(BridgeCollection.Name)]
public sealed class ToolErrorTests(BridgeFixture fx)
{
    [Fact]
    public async Task Invalid_variables_list_every_problem_and_create_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Carol;
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "strict", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "strict", ct);
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        await WaitForReadyTemplateAsync(client, "strict", ct);

        var result = await client.CallToolAsync(
            "create_project",
            new Dictionary<string, object?>
            {
                ["template"] = "strict",
                ["variables"] = new Dictionary<string, object?> { ["project_name"] = 42, ["license"] = "GPL", ["port"] = "eighty", ["colour"] = "red" },
            },
            cancellationToken: ct);

        result.IsError.Should().BeTrue();
        var text = TemplateLifecycleTests.Text(result);
        text.Should().Contain("nothing was created")
            .And.Contain("no variable 'colour'")
            .And.Contain("project_name")
            .And.Contain("license")
            .And.Contain("port");
        (await fx.Operator.ScaffoldNamesAsync(tenant.Namespace, "strict", ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Unknown_template_says_which_and_how_to_list_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await fx.ConnectAsync(Tenants.Carol.ApiKey, null, ct);

        var result = await client.CallToolAsync("create_project", new Dictionary<string, object?> { ["template"] = "no-such-template" }, cancellationToken: ct);

        result.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(result).Should().Contain("Template 'no-such-template' was not found in namespace 'team-a2'").And.Contain("list_templates");
    }

    [Fact]
    public async Task Another_tenants_namespace_is_access_denied_for_reads_and_writes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await fx.ConnectAsync(Tenants.Carol.ApiKey, null, ct);

        var read = await client.CallToolAsync("list_templates", new Dictionary<string, object?> { ["namespace"] = Tenants.Bob.Namespace }, cancellationToken: ct);
        var write = await client.CallToolAsync(
            "add_template",
            new Dictionary<string, object?> { ["name"] = "intruder", ["gitUrl"] = "https://example.com/x.git", ["namespace"] = Tenants.Bob.Namespace },
            cancellationToken: ct);

        read.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(read).Should().Contain("Access denied").And.Contain("team-b");
        write.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(write).Should().Contain("Access denied").And.Contain("'carol'");
        var list = (System.Text.Json.JsonElement)await k8s.CustomObjectsOperationsExtensions.ListNamespacedCustomObjectAsync(
            fx.Admin.CustomObjects, "dynamo-mcp.io", "v1alpha1", Tenants.Bob.Namespace, "cookiecuttertemplates", cancellationToken: ct);
        // Other tests of this fixture may own templates in team-b; the refused write must have added none.
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString())
            .Should().NotContain("intruder");
    }

    [Fact]
    public async Task Missing_or_wrong_key_gets_401_with_resource_metadata()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var key in new[] { null, "not-a-key" })
        {
            using var http = fx.CreateHttpClient(key);
            using var response = await http.SendAsync(Initialize(), ct);

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            var challenge = response.Headers.WwwAuthenticate.ToString();
            challenge.Should().StartWith("Bearer").And.Contain("resource_metadata=");
            var metadataUrl = challenge[(challenge.IndexOf("resource_metadata=\"", StringComparison.Ordinal) + 19)..].Split('"')[0];
            using var metadata = await http.GetAsync(new Uri(metadataUrl).PathAndQuery, ct);
            metadata.StatusCode.Should().Be(HttpStatusCode.OK);
            (await metadata.Content.ReadAsStringAsync(ct)).Should().Contain("\"resource\"");
        }
    }

    [Fact]
    public async Task A_flood_gets_429_with_retry_after_and_the_bridge_keeps_serving()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bridge = await fx.StartBridgeAsync(BridgeFixture.FloodLimit, ct);
        using var http = fx.CreateHttpClient(Tenants.Flood.ApiKey, bridge);
        var responses = await Task.WhenAll(Enumerable.Range(0, 120).Select(async _ =>
        {
            using var response = await http.SendAsync(Initialize(), ct);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta);
        }));

        responses.Should().Contain(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).Should().OnlyContain(r => r.RetryAfter >= TimeSpan.FromSeconds(1));

        // Other identities are not throttled by someone else's flood.
        await using (var other = await BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, Tenants.Carol.ApiKey, null, ct))
        {
            (await other.ListToolsAsync(cancellationToken: ct)).Should().NotBeEmpty();
        }

        // The flooding identity is served again once its bucket refills.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        await using var again = await BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, Tenants.Flood.ApiKey, null, ct);
        (await again.ListToolsAsync(cancellationToken: ct)).Should().NotBeEmpty();
    }

    private static HttpRequestMessage Initialize()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"flood","version":"1"}}}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        return request;
    }

    private static async Task WaitForReadyTemplateAsync(ModelContextProtocol.Client.McpClient client, string name, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var result = await client.CallToolAsync("get_template_variables", new Dictionary<string, object?> { ["name"] = name }, cancellationToken: timeout.Token);
            if (result.IsError != true && result.StructuredContent!.Value.GetProperty("ready").GetBoolean())
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
