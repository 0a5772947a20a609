using System.Text.Json;
using DynamoMcp.Api;
using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Integration;

[Collection(BridgeCollection.Name)]
public sealed class TemplateToolTests(BridgeFixture fx)
{
    [Fact]
    public async Task Discover_templates_merges_the_catalog_file_and_configmap_and_leaves_out_added_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Dave;
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);

        var all = await client.CallToolAsync("discover_templates", new Dictionary<string, object?>(), cancellationToken: ct);
        all.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(all));
        var entries = all.StructuredContent!.Value.GetProperty("templates").EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("name").GetString()).Should().BeEquivalentTo(["fastapi-service", "go-cli", "rust-lib"]);
        var fromFile = entries.Single(e => e.GetProperty("name").GetString() == "fastapi-service");
        fromFile.GetProperty("gitRef").GetString().Should().Be("v2");
        fromFile.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal("python", "web");
        var fromConfigMap = entries.Single(e => e.GetProperty("name").GetString() == "rust-lib");
        fromConfigMap.GetProperty("directory").GetString().Should().Be("templates/lib");

        var filtered = await client.CallToolAsync("discover_templates", new Dictionary<string, object?> { ["text"] = "RUST" }, cancellationToken: ct);
        filtered.StructuredContent!.Value.GetProperty("templates").EnumerateArray().Select(e => e.GetProperty("name").GetString()).Should().Equal("rust-lib");

        // Added under another name, but from the same repository: still not offered again.
        var added = await client.CallToolAsync(
            "add_template",
            new Dictionary<string, object?> { ["name"] = "my-go", ["gitUrl"] = "https://example.com/go-cli.git" },
            cancellationToken: ct);
        added.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(added));
        await WaitForCachedAsync(client, "my-go", ct);

        var after = await client.CallToolAsync("discover_templates", new Dictionary<string, object?>(), cancellationToken: ct);
        after.StructuredContent!.Value.GetProperty("templates").EnumerateArray().Select(e => e.GetProperty("name").GetString())
            .Should().BeEquivalentTo(["fastapi-service", "rust-lib"]);
    }

    [Fact]
    public async Task Update_template_stamps_a_new_refresh_request_on_every_call()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Dave;
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "refreshed", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "refreshed", ct);
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        await ClientWaits.ReadyTemplateAsync(client, "refreshed", ct);
        (await RefreshAnnotationAsync(tenant.Namespace, "refreshed", ct)).Should().BeNull();

        var first = await client.CallToolAsync("update_template", new Dictionary<string, object?> { ["name"] = "refreshed" }, cancellationToken: ct);
        first.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(first));
        var firstStamp = await RefreshAnnotationAsync(tenant.Namespace, "refreshed", ct);
        firstStamp.Should().NotBeNull();
        DateTimeOffset.Parse(firstStamp!, System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));

        await Task.Delay(20, ct);
        var second = await client.CallToolAsync("update_template", new Dictionary<string, object?> { ["name"] = "refreshed" }, cancellationToken: ct);
        second.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(second));
        (await RefreshAnnotationAsync(tenant.Namespace, "refreshed", ct)).Should().NotBeNull().And.NotBe(firstStamp);

        var missing = await client.CallToolAsync("update_template", new Dictionary<string, object?> { ["name"] = "no-such" }, cancellationToken: ct);
        missing.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(missing).Should().Contain("'no-such' was not found");
    }

    [Fact]
    public async Task Add_template_with_wait_reports_progress_until_the_operator_marks_it_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Dave;
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        var progress = new RecordingProgress();

        var call = client.CallToolAsync(
            "add_template",
            new Dictionary<string, object?> { ["name"] = "awaited", ["gitUrl"] = "https://example.com/awaited.git", ["wait"] = true },
            progress,
            cancellationToken: ct).AsTask();
        await progress.WaitForAsync(p => p.Progress == 0, ct);
        call.IsCompleted.Should().BeFalse("the call waits for the operator");
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "awaited", ct);

        var result = await call;
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        result.StructuredContent!.Value.GetProperty("ready").GetBoolean().Should().BeTrue();
        result.StructuredContent!.Value.GetProperty("hint").GetString().Should().Contain("scaffold_awaited");
        progress.Reports.Select(p => p.Progress).Should().BeInAscendingOrder().And.Contain(0);
    }

    private async Task<string?> RefreshAnnotationAsync(string ns, string name, CancellationToken ct)
    {
        var stored = (JsonElement)await fx.Admin.CustomObjects.GetNamespacedCustomObjectAsync("dynamo-mcp.io", "v1alpha1", ns, "cookiecuttertemplates", name, cancellationToken: ct);
        return stored.GetProperty("metadata").TryGetProperty("annotations", out var annotations)
            && annotations.TryGetProperty(WellKnown.Annotations.RefreshRequestedAt, out var value) ? value.GetString() : null;
    }

    private static async Task WaitForCachedAsync(ModelContextProtocol.Client.McpClient client, string name, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while ((await client.CallToolAsync("get_template_variables", new Dictionary<string, object?> { ["name"] = name }, cancellationToken: timeout.Token)).IsError == true)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [Fact]
    public async Task Add_template_takes_an_archive_url_instead_of_git_and_refuses_mixed_or_missing_sources()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Erin;
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        var digest = new string('a', 64);

        var added = await client.CallToolAsync(
            "add_template",
            new Dictionary<string, object?> { ["name"] = "from-archive", ["archiveUrl"] = "https://example.com/t.zip", ["archiveSha256"] = digest.ToUpperInvariant(), ["directory"] = "web" },
            cancellationToken: ct);
        added.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(added));
        var stored = (System.Text.Json.JsonElement)await fx.Admin.CustomObjects.GetNamespacedCustomObjectAsync(
            "dynamo-mcp.io", "v1alpha1", tenant.Namespace, "cookiecuttertemplates", "from-archive", cancellationToken: ct);
        var source = stored.GetProperty("spec").GetProperty("source");
        source.TryGetProperty("git", out _).Should().BeFalse();
        source.GetProperty("archive").GetProperty("url").GetString().Should().Be("https://example.com/t.zip");
        source.GetProperty("archive").GetProperty("sha256").GetString().Should().Be(digest);
        source.GetProperty("archive").GetProperty("directory").GetString().Should().Be("web");

        var refused = new (Dictionary<string, object?> Arguments, string Says)[]
        {
            (new() { ["name"] = "both", ["gitUrl"] = "https://example.com/r.git", ["archiveUrl"] = "https://example.com/t.zip" }, "not both"),
            (new() { ["name"] = "neither" }, "gitUrl (a git repository) or archiveUrl"),
            (new() { ["name"] = "bad-digest", ["archiveUrl"] = "https://example.com/t.zip", ["archiveSha256"] = "abc" }, "64 hex characters"),
            (new() { ["name"] = "ftp", ["archiveUrl"] = "ftp://example.com/t.zip" }, "not an http(s) URL"),
            (new() { ["name"] = "ref-on-archive", ["archiveUrl"] = "https://example.com/t.zip", ["gitRef"] = "main" }, "archiveSha256"),
        };
        foreach (var (arguments, says) in refused)
        {
            var result = await client.CallToolAsync("add_template", arguments, cancellationToken: ct);
            result.IsError.Should().BeTrue();
            TemplateLifecycleTests.Text(result).Should().Contain(says);
        }

        (await fx.Operator.TemplateNamesAsync(tenant.Namespace, ct)).Should().NotContain(["both", "neither", "bad-digest", "ftp", "ref-on-archive"]);
    }
}
