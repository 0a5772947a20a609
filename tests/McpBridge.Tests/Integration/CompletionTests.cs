using DynamoMcp.McpBridge.Completions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary><c>completion/complete</c> through a real client, for both protocol versions the endpoint serves.</summary>
[Collection(BridgeCollection.Name)]
public sealed class CompletionTests(BridgeFixture fx)
{
    private const string ProjectFileTemplate = "scaffolds://{namespace}/{name}/files/{+path}";

    [Theory]
    [InlineData(ProtocolVersionTests.Sessions, "cmpl-s")]
    [InlineData(ProtocolVersionTests.Stateless, "cmpl-l")]
    public async Task Template_names_complete_by_prefix_in_the_callers_namespace_only(string version, string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Alice;
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, prefix + "-alpha", ct);
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, prefix + "-beta", ct);
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "x" + prefix, ct);
        await fx.Operator.CreateTemplateAsync(Tenants.Bob.Namespace, prefix + "-bobs", ct);
        await using var client = await fx.ConnectAsync(tenant.ApiKey, new McpClientOptions { ProtocolVersion = version }, ct);
        client.ServerCapabilities.Completions.Should().NotBeNull();

        var prompt = await UntilAsync(
            () => client.CompleteAsync(new PromptReference { Name = "new_project" }, "template", prefix.ToUpperInvariant(), cancellationToken: ct),
            r => r.Completion.Values.Count == 2,
            ct);
        prompt.Completion.Values.Should().BeEquivalentTo([prefix + "-alpha", prefix + "-beta"], "matching is case-insensitive and never shows another namespace");
        prompt.Completion.HasMore.Should().NotBe(true);

        var variables = await client.CompleteAsync(new ResourceTemplateReference { Uri = "templates://{name}/variables" }, "name", prefix + "-b", cancellationToken: ct);
        variables.Completion.Values.Should().Equal(prefix + "-beta");
        var goal = await client.CompleteAsync(new PromptReference { Name = "new_project" }, "goal", "a", cancellationToken: ct);
        goal.Completion.Values.Should().BeEmpty("a free-text argument has nothing to offer");
    }

    [Fact]
    public async Task More_than_a_hundred_matches_are_cut_with_has_more()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Carol;
        const int count = BridgeCompletions.MaxValues + 5;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => fx.Operator.CreateTemplateAsync(tenant.Namespace, $"bulk-{i:000}", ct)));
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);

        var result = await UntilAsync(
            () => client.CompleteAsync(new ResourceTemplateReference { Uri = "templates://{name}/info" }, "name", "bulk-", cancellationToken: ct),
            r => r.Completion.Total == count,
            ct);

        result.Completion.Values.Should().HaveCount(BridgeCompletions.MaxValues).And.OnlyHaveUniqueItems().And.OnlyContain(v => v.StartsWith("bulk-", StringComparison.Ordinal));
        result.Completion.HasMore.Should().BeTrue();
        var narrowed = await client.CompleteAsync(new ResourceTemplateReference { Uri = "templates://{name}/info" }, "name", "bulk-10", cancellationToken: ct);
        narrowed.Completion.Values.Should().BeEquivalentTo(["bulk-100", "bulk-101", "bulk-102", "bulk-103", "bulk-104"]);
        narrowed.Completion.HasMore.Should().NotBe(true);
    }

    [Fact]
    public async Task Project_names_and_file_paths_complete_for_the_project_file_template()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Grace;
        await fx.Operator.CreateTemplateAsync(tenant.Namespace, "cmpl-files", ct);
        await fx.Operator.MarkTemplateReadyAsync(tenant.Namespace, "cmpl-files", ct);
        await using var client = await fx.ConnectAsync(tenant.ApiKey, new McpClientOptions { ProtocolVersion = ProtocolVersionTests.Sessions }, ct);
        await ClientWaits.ToolAsync(client, "scaffold_cmpl-files", present: true, ct);
        var call = client.CallToolAsync("scaffold_cmpl-files", new Dictionary<string, object?> { ["project_name"] = "cmpl_app" }, cancellationToken: ct).AsTask();
        var scaffold = await fx.Operator.WaitForScaffoldAsync(tenant.Namespace, "cmpl-files", ct);
        await fx.Operator.SucceedAsync(
            tenant.Namespace, scaffold, new Dictionary<string, string> { ["cmpl_app/README.md"] = "# app\n", ["cmpl_app/src/main.py"] = "print(1)\n" }, ct);
        (await call).IsError.Should().NotBe(true);
        var reference = new ResourceTemplateReference { Uri = ProjectFileTemplate };

        var namespaces = await client.CompleteAsync(reference, "namespace", "", cancellationToken: ct);
        namespaces.Completion.Values.Should().Equal(tenant.Namespace);
        var names = await client.CompleteAsync(reference, "name", scaffold[..^2], cancellationToken: ct);
        names.Completion.Values.Should().Contain(scaffold);
        var paths = await client.CompleteAsync(
            new CompleteRequestParams
            {
                Ref = reference,
                Argument = new Argument { Name = "path", Value = "cmpl_app/s" },
                Context = new CompleteContext { Arguments = new Dictionary<string, string> { ["namespace"] = tenant.Namespace, ["name"] = scaffold } },
            },
            ct);
        paths.Completion.Values.Should().Equal("cmpl_app/src/main.py");

        // Another tenant's namespace: the same access check as a read, so nothing to offer rather than its names.
        var foreign = await client.CompleteAsync(
            new CompleteRequestParams
            {
                Ref = reference,
                Argument = new Argument { Name = "name", Value = "" },
                Context = new CompleteContext { Arguments = new Dictionary<string, string> { ["namespace"] = Tenants.Bob.Namespace } },
            },
            ct);
        foreign.Completion.Values.Should().BeEmpty();
    }

    [Fact]
    public async Task Mcp_server_names_complete_for_the_server_resource()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Tenants.Judy;
        await using var client = await fx.ConnectAsync(tenant.ApiKey, null, ct);
        foreach (var name in new[] { "cmpl-srv-one", "cmpl-srv-two" })
        {
            var added = await client.CallToolAsync(
                "add_mcp_server", new Dictionary<string, object?> { ["name"] = name, ["url"] = "https://mcp.example.com/" + name }, cancellationToken: ct);
            added.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(added));
        }

        var result = await UntilAsync(
            () => client.CompleteAsync(new ResourceTemplateReference { Uri = "mcpservers://{name}" }, "name", "cmpl-srv", cancellationToken: ct),
            r => r.Completion.Values.Count == 2,
            ct);

        result.Completion.Values.Should().BeEquivalentTo(["cmpl-srv-one", "cmpl-srv-two"]);
        var read = await client.ReadResourceAsync("mcpservers://cmpl-srv-one", cancellationToken: ct);
        read.Contents.OfType<TextResourceContents>().Single().Text.Should().Contain("https://mcp.example.com/cmpl-srv-one");
    }

    /// <summary>Asks again until the bridge's cache has caught up with what the test created.</summary>
    private static async Task<CompleteResult> UntilAsync(Func<ValueTask<CompleteResult>> complete, Func<CompleteResult, bool> done, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var result = await complete();
            if (done(result))
            {
                return result;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
