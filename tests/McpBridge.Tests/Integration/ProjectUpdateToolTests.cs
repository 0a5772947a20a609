using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Tests.Fakes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// update_project and check_project_update against the fake operator: the update Scaffold's spec, the patch read back
/// from the ConfigMap status.update names and verified, refusals before anything is created, and whether a project is behind.
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class ProjectUpdateToolTests(BridgeFixture fx)
{
    private const string NewRevision = "fedcba9876543210fedcba9876543210fedcba98";
    private const string NewestRevision = "1111111111222222222233333333334444444444";

    private static readonly Tenants.Tenant Tenant = Tenants.Grace;

    private static readonly Dictionary<string, string> Files = new() { ["app/README.md"] = "# app\n", ["app/main.py"] = "PORT = 8080\n" };

    private const string Patch = """
        diff --git a/app/main.py b/app/main.py
        --- a/app/main.py
        +++ b/app/main.py
        @@ -1 +1,2 @@
        -PORT = 8080
        +PORT = 9090
        +HOST = "0.0.0.0"

        """;

    private static readonly ScaffoldFileChange[] Changes = [new() { Path = "app/main.py", Change = "modified", Binary = false, LinesAdded = 2, LinesRemoved = 1 }];

    [Fact]
    public async Task An_update_creates_a_scaffold_with_only_the_changes_and_returns_the_verified_patch()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await GeneratedProjectAsync("upd-happy", ct);
        await fx.Operator.MarkTemplateMovedAsync(Tenant.Namespace, "upd-happy", NewRevision, "main", ct);

        var call = client.CallToolAsync(
            "update_project",
            new Dictionary<string, object?>
            {
                ["project"] = "upd-happy-1", ["name"] = "upd-happy-2", ["ref"] = NewRevision[..7], ["variables"] = new Dictionary<string, object?> { ["port"] = 9090 },
            },
            cancellationToken: ct).AsTask();
        var scaffold = await WaitForScaffoldAsync("upd-happy-2", call, ct);

        scaffold.Spec.TemplateRef.Name.Should().Be("upd-happy");
        scaffold.Spec.UpdateFrom!.Name.Should().Be("upd-happy-1");
        scaffold.Spec.Revision.Should().Be(NewRevision[..7]);
        FreeForm.ToJsonObject(scaffold.Spec.Variables!).ToJsonString().Should().Be("""{"port":9090}""", "the operator overlays the changes on the project's own variables");
        scaffold.Spec.Output.Should().BeNull();
        await fx.Operator.SucceedUpdateAsync(Tenant.Namespace, "upd-happy-2", Files, Patch, Changes, NewRevision, ct);

        var result = await call;
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        var update = result.StructuredContent!.Value;
        update.GetProperty("name").GetString().Should().Be("upd-happy-2");
        update.GetProperty("from").GetString().Should().Be("upd-happy-1");
        update.GetProperty("phase").GetString().Should().Be("Succeeded");
        update.GetProperty("fromRevision").GetString().Should().Be(InspectResults.Revision);
        update.GetProperty("toRevision").GetString().Should().Be(NewRevision);
        update.GetProperty("patch").GetString().Should().Be(Patch);
        update.GetProperty("patchTruncated").GetBoolean().Should().BeFalse();
        update.GetProperty("patchSize").GetInt64().Should().Be(Encoding.UTF8.GetByteCount(Patch));
        update.GetProperty("patchSha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Patch))));
        update.GetProperty("filesChanged").GetInt32().Should().Be(1);
        update.GetProperty("linesAdded").GetInt32().Should().Be(2);
        update.GetProperty("linesRemoved").GetInt32().Should().Be(1);
        var file = update.GetProperty("files").EnumerateArray().Should().ContainSingle().Subject;
        file.GetProperty("path").GetString().Should().Be("app/main.py");
        file.GetProperty("change").GetString().Should().Be("modified");
        update.GetProperty("apply").GetString().Should().Contain("git apply -3");
    }

    [Fact]
    public async Task A_patch_that_does_not_match_its_recorded_sha256_is_reported_and_not_served()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await GeneratedProjectAsync("upd-tampered", ct);
        var call = client.CallToolAsync(
            "update_project", new Dictionary<string, object?> { ["project"] = "upd-tampered-1", ["name"] = "upd-tampered-2" }, cancellationToken: ct).AsTask();
        var scaffold = await WaitForScaffoldAsync("upd-tampered-2", call, ct);
        scaffold.Spec.Variables.Should().BeNull("nothing was changed");
        scaffold.Spec.Revision.Should().BeNull("no ref: the template's current revision");
        var recorded = new string('0', 64);
        await fx.Operator.SucceedUpdateAsync(Tenant.Namespace, "upd-tampered-2", Files, Patch, Changes, InspectResults.Revision, ct, recordedSha256: recorded);

        var result = await call;

        result.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(result).Should().Contain("not served").And.Contain("SHA-256").And.Contain(recorded)
            .And.Contain("upd-tampered-2-patch").And.Contain("update_project").And.NotContain("PORT = 9090");
    }

    [Fact]
    public async Task A_patch_over_the_limit_is_cut_at_a_line_and_says_how_to_get_it_whole()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await GeneratedProjectAsync("upd-long", ct);
        var patch = new StringBuilder("diff --git a/app/big.txt b/app/big.txt\n");
        for (var i = 0; patch.Length < 300 * 1024; i++)
        {
            patch.Append("+line ").Append(i).Append(' ').Append('x', 60).Append('\n');
        }

        var call = client.CallToolAsync("update_project", new Dictionary<string, object?> { ["project"] = "upd-long-1", ["name"] = "upd-long-2" }, cancellationToken: ct).AsTask();
        await WaitForScaffoldAsync("upd-long-2", call, ct);
        await fx.Operator.SucceedUpdateAsync(Tenant.Namespace, "upd-long-2", Files, patch.ToString(), Changes, InspectResults.Revision, ct);

        var result = await call;
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        var update = result.StructuredContent!.Value;
        update.GetProperty("patchTruncated").GetBoolean().Should().BeTrue();
        var shown = update.GetProperty("patch").GetString()!;
        Encoding.UTF8.GetByteCount(shown).Should().BeLessThanOrEqualTo(256 * 1024);
        shown.Should().EndWith("\n");
        patch.ToString().Should().StartWith(shown);
        update.GetProperty("patchSize").GetInt64().Should().Be(patch.Length);
        update.GetProperty("hint").GetString().Should().Contain($"kubectl get configmap upd-long-2-patch -n {Tenant.Namespace}").And.Contain("{.data.patch}");
    }

    [Fact]
    public async Task A_failed_update_comes_back_as_a_tool_error_with_the_operators_message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await GeneratedProjectAsync("upd-fails", ct);
        var call = client.CallToolAsync("update_project", new Dictionary<string, object?> { ["project"] = "upd-fails-1", ["name"] = "upd-fails-2" }, cancellationToken: ct).AsTask();
        await WaitForScaffoldAsync("upd-fails-2", call, ct);
        await fx.Operator.FailAsync(Tenant.Namespace, "upd-fails-2", "The earlier project has no .cruft.json; it was not generated by this template.", ct);

        var result = await call;

        result.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(result).Should().Contain("Updating project 'upd-fails-1' failed (Scaffold 'upd-fails-2')").And.Contain("no .cruft.json").And.Contain("update_project again");
    }

    [Fact]
    public async Task Updates_that_cannot_work_are_refused_before_any_scaffold_exists()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await GeneratedProjectAsync("upd-refused", ct);
        var failed = await client.CallToolAsync(
            "create_project",
            new Dictionary<string, object?> { ["template"] = "upd-refused", ["name"] = "upd-refused-bad", ["wait"] = false, ["variables"] = new Dictionary<string, object?> { ["project_name"] = "bad" } },
            cancellationToken: ct);
        failed.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(failed));
        await fx.Operator.FailAsync(Tenant.Namespace, "upd-refused-bad", "Rendering failed: hook exited 1.", ct);
        await ClientWaits.ProjectPhaseAsync(client, "upd-refused-bad", "Failed", ct);

        var cases = new (Dictionary<string, object?> Arguments, string[] Expected)[]
        {
            (new() { ["project"] = "upd-refused-nope" }, ["Project 'upd-refused-nope' was not found"]),
            (new() { ["project"] = "upd-refused-bad" }, ["Project 'upd-refused-bad' is Failed", "hook exited 1", "create_project"]),
            (new() { ["project"] = "upd-refused-1", ["template"] = "other-template" }, ["generated from template 'upd-refused', not 'other-template'"]),
            (new() { ["project"] = "upd-refused-1", ["variables"] = new Dictionary<string, object?> { ["colour"] = "red", ["port"] = "eighty" } }, ["has no variable 'colour'", "port", "nothing was created"]),
            (new() { ["project"] = "upd-refused-1", ["ref"] = "v9.9" }, ["holds no snapshot of 'v9.9'", InspectResults.Revision]),
        };

        foreach (var (arguments, expected) in cases)
        {
            var result = await client.CallToolAsync("update_project", arguments, cancellationToken: ct);

            result.IsError.Should().BeTrue(string.Join(",", arguments.Keys));
            var text = TemplateLifecycleTests.Text(result);
            foreach (var part in expected)
            {
                text.Should().Contain(part);
            }
        }

        (await fx.Operator.ScaffoldNamesAsync(Tenant.Namespace, "upd-refused", ct)).Should().BeEquivalentTo("upd-refused-1", "upd-refused-bad");
    }

    [Fact]
    public async Task Check_says_a_fresh_project_is_up_to_date_and_lists_the_newer_revisions_once_the_template_moved_on()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await GeneratedProjectAsync("upd-check", ct);

        var fresh = await CheckAsync(client, "upd-check-1", ct);
        fresh.GetProperty("upToDate").GetBoolean().Should().BeTrue();
        fresh.GetProperty("projectRevision").GetString().Should().Be(InspectResults.Revision);
        fresh.GetProperty("templateRevision").GetString().Should().Be(InspectResults.Revision);
        fresh.GetProperty("templateRef").GetString().Should().Be("HEAD");
        fresh.GetProperty("newer").GetArrayLength().Should().Be(0);

        await fx.Operator.MarkTemplateMovedAsync(Tenant.Namespace, "upd-check", NewRevision, "main", ct);
        await fx.Operator.MarkTemplateMovedAsync(Tenant.Namespace, "upd-check", NewestRevision, "main", ct);
        JsonElement behind;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            // The bridge reads the template from its cache, which follows the watch.
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while ((behind = await CheckAsync(client, "upd-check-1", timeout.Token)).GetProperty("templateRevision").GetString() != NewestRevision)
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        behind.GetProperty("upToDate").GetBoolean().Should().BeFalse();
        behind.GetProperty("projectRevision").GetString().Should().Be(InspectResults.Revision);
        behind.GetProperty("templateRef").GetString().Should().Be("main");
        behind.GetProperty("newer").EnumerateArray().Select(s => s.GetProperty("revision").GetString()).Should().Equal(NewestRevision, NewRevision);
        behind.GetProperty("newer")[0].GetProperty("ref").GetString().Should().Be("main");
        behind.GetProperty("hint").GetString().Should().Contain("update_project").And.Contain("'upd-check-1'");
        (await fx.Operator.ScaffoldNamesAsync(Tenant.Namespace, "upd-check", ct)).Should().Equal("upd-check-1");
    }

    [Fact]
    public async Task Check_of_a_missing_project_says_so()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);

        var result = await client.CallToolAsync("check_project_update", new Dictionary<string, object?> { ["project"] = "upd-never" }, cancellationToken: ct);

        result.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(result).Should().Contain("Project 'upd-never' was not found");
    }

    [Fact]
    public async Task The_tools_are_listed_with_their_annotations()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);

        var update = tools.Single(t => t.Name == "update_project").ProtocolTool;
        update.Annotations!.ReadOnlyHint.Should().BeFalse();
        update.Annotations.IdempotentHint.Should().BeFalse();
        update.Annotations.DestructiveHint.Should().BeFalse();
        update.InputSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().Equal("project");
        update.InputSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Contain(["project", "ref", "variables", "name", "wait", "namespace"]);
        tools.Single(t => t.Name == "check_project_update").ProtocolTool.Annotations!.ReadOnlyHint.Should().BeTrue();
        var create = tools.Single(t => t.Name == "create_project").ProtocolTool.InputSchema.GetProperty("properties").GetProperty("output");
        create.GetRawText().Should().Contain("git").And.Contain("s3");
    }

    /// <summary>Template <paramref name="template"/> Ready and project <c>&lt;template&gt;-1</c> generated from it (Succeeded), with a connected client.</summary>
    private async Task<McpClient> GeneratedProjectAsync(string template, CancellationToken ct)
    {
        await fx.Operator.CreateTemplateAsync(Tenant.Namespace, template, ct);
        await fx.Operator.MarkTemplateReadyAsync(Tenant.Namespace, template, ct);
        var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);
        await ClientWaits.ReadyTemplateAsync(client, template, ct);
        var created = await client.CallToolAsync(
            "create_project",
            new Dictionary<string, object?>
            {
                ["template"] = template, ["name"] = template + "-1", ["wait"] = false,
                ["variables"] = new Dictionary<string, object?> { ["project_name"] = "app", ["port"] = 8080 },
            },
            cancellationToken: ct);
        created.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(created));
        await fx.Operator.SucceedAsync(Tenant.Namespace, template + "-1", Files, ct);
        await ClientWaits.ProjectPhaseAsync(client, template + "-1", "Succeeded", ct);
        return client;
    }

    /// <summary>The update Scaffold once it exists; fails early when the call ended first (refused) instead of waiting out the timeout.</summary>
    private async Task<Scaffold> WaitForScaffoldAsync(string name, Task<CallToolResult> call, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!(await fx.Operator.ScaffoldNamesAsync(Tenant.Namespace, timeout.Token)).Contains(name))
        {
            if (call.IsCompleted)
            {
                var ended = await call;
                throw new InvalidOperationException("update_project ended before its Scaffold existed: " + TemplateLifecycleTests.Text(ended));
            }

            await Task.Delay(50, timeout.Token);
        }

        return await fx.Operator.GetScaffoldAsync(Tenant.Namespace, name, ct);
    }

    private static async Task<JsonElement> CheckAsync(McpClient client, string project, CancellationToken ct)
    {
        var result = await client.CallToolAsync("check_project_update", new Dictionary<string, object?> { ["project"] = project }, cancellationToken: ct);
        result.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(result));
        return result.StructuredContent!.Value.Clone();
    }
}
