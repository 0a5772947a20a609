using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

[Collection(BridgeCollection.Name)]
public sealed class ProjectToolTests(BridgeFixture fx)
{
    [Fact]
    public async Task The_archive_resource_returns_the_stored_archive_byte_for_byte()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Dave;
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "archived", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "archived", ct);
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        await ClientWaits.ReadyTemplateAsync(client, "archived", ct);
        var created = await client.CallToolAsync(
            "create_project",
            new Dictionary<string, object?> { ["template"] = "archived", ["name"] = "archived-1", ["wait"] = false, ["variables"] = new Dictionary<string, object?> { ["project_name"] = "arch" } },
            cancellationToken: ct);
        created.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(created));
        var files = new Dictionary<string, string> { ["arch/setup.cfg"] = "[metadata]\nname = arch\n", ["arch/arch/__init__.py"] = "" };
        var stored = await fx.Operator.SucceedAsync(tenant.Namespace, "archived-1", files, ct);
        await ClientWaits.ProjectPhaseAsync(client, "archived-1", "Succeeded", ct);

        var uri = $"scaffolds://{tenant.Namespace}/archived-1/archive";
        var read = await client.ReadResourceAsync(uri, cancellationToken: ct);

        var blob = read.Contents.Should().ContainSingle().Which.Should().BeOfType<BlobResourceContents>().Subject;
        blob.MimeType.Should().Be("application/gzip");
        blob.Uri.Should().Be(uri);
        blob.DecodedData.ToArray().Should().Equal(stored);
    }

    [Fact]
    public async Task A_call_still_waiting_at_the_wait_deadline_returns_the_name_to_poll()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Dave;
        await using var bridge = await fx.StartBridgeAsync(
            new Dictionary<string, string?> { ["Bridge:WaitDeadline"] = "00:00:02", ["Bridge:ToolDeadline"] = "00:01:00" }, ct);
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "slow", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "slow", ct);
        await using var client = await BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, tenant.ApiKey, null, ct);
        await ClientWaits.ReadyTemplateAsync(client, "slow", ct);

        // Nobody plays the operator: the Scaffold stays Pending past the 2 s wait.
        var result = await client.CallToolAsync(
            "create_project",
            new Dictionary<string, object?> { ["template"] = "slow", ["name"] = "slow-1", ["variables"] = new Dictionary<string, object?> { ["project_name"] = "slow" } },
            cancellationToken: ct);

        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        var project = result.StructuredContent!.Value;
        project.GetProperty("name").GetString().Should().Be("slow-1");
        project.GetProperty("finished").GetBoolean().Should().BeFalse();
        project.GetProperty("phase").GetString().Should().Be("Pending");
        project.GetProperty("hint").GetString().Should().Contain("get_project_status").And.Contain("'slow-1'");
        (await fx.Operator.ScaffoldNamesAsync(tenant.Namespace, ct)).Should().Contain("slow-1");

        var status = await client.CallToolAsync("get_project_status", new Dictionary<string, object?> { ["name"] = "slow-1" }, cancellationToken: ct);
        status.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(status));
        status.StructuredContent!.Value.GetProperty("name").GetString().Should().Be("slow-1");
    }

    [Fact]
    public async Task Cancelling_a_waiting_call_stops_the_wait_and_keeps_the_scaffold()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Dave;
        await using var bridge = await fx.StartBridgeAsync(
            new Dictionary<string, string?> { ["Bridge:WaitDeadline"] = "00:00:50", ["Bridge:ToolDeadline"] = "00:01:00" }, ct);
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "cancelled", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "cancelled", ct);
        await using var client = await BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, tenant.ApiKey, null, ct);
        await ClientWaits.ReadyTemplateAsync(client, "cancelled", ct);
        using var http = new HttpClient { BaseAddress = bridge.BaseAddress };
        var cancelledBefore = MetricsTests.Value(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), ct), "create_project", "cancelled");

        // Nobody plays the operator, so the call waits; the person gives up once the Scaffold exists.
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var call = client.CallToolAsync(
            "create_project",
            new Dictionary<string, object?> { ["template"] = "cancelled", ["name"] = "cancel-1", ["variables"] = new Dictionary<string, object?> { ["project_name"] = "gone" } },
            cancellationToken: giveUp.Token).AsTask();
        while (!(await fx.Operator.ScaffoldNamesAsync(tenant.Namespace, ct)).Contains("cancel-1"))
        {
            await Task.Delay(50, ct);
        }

        await giveUp.CancelAsync();
        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();

        // The bridge stops waiting (the call ends as cancelled, long before the 50 s wait deadline) ...
        using (var seen = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            seen.CancelAfter(TimeSpan.FromSeconds(20));
            while (MetricsTests.Value(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), seen.Token), "create_project", "cancelled") <= cancelledBefore)
            {
                await Task.Delay(100, seen.Token);
            }
        }

        // ... and the Scaffold it created stays, for get_project_status on the same session.
        (await fx.Operator.ScaffoldNamesAsync(tenant.Namespace, ct)).Should().Contain("cancel-1");
        var status = await client.CallToolAsync("get_project_status", new Dictionary<string, object?> { ["name"] = "cancel-1" }, cancellationToken: ct);
        status.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(status));
        status.StructuredContent!.Value.GetProperty("phase").GetString().Should().Be("Pending");
    }
}
