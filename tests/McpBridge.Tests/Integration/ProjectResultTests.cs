using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using k8s;
using k8s.Models;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// The file tools serve exactly the chunks a Scaffold's status names, owned by that Scaffold, matching its sha256:
/// leftovers of an earlier Scaffold of the same name, altered chunks and chunks of another object are never served.
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class ProjectResultTests(BridgeFixture fx)
{
    private static readonly Tenants.Tenant Tenant = Tenants.Grace;

    [Fact]
    public async Task A_scaffold_deleted_and_recreated_under_the_same_name_with_other_variables_serves_the_new_files()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await ConnectWithTemplateAsync("reborn", ct);
        await CreateAsync(client, "reborn", "reborn-1", "first", ct);
        await fx.Operator.SucceedAsync(Tenant.Namespace, "reborn-1", new Dictionary<string, string> { ["first/README.md"] = "# first\n", ["first/old.py"] = "print(1)\n" }, ct);
        await ClientWaits.ProjectPhaseAsync(client, "reborn-1", "Succeeded", ct);
        (await ReadAsync(client, "reborn-1", "first/README.md", ct)).Should().Be("# first\n");

        // Deleted; its chunks outlive it for a while, as they do until the garbage collector reaches them.
        var leftovers = await fx.Operator.ResultChunksAsync(Tenant.Namespace, "reborn-1", ct);
        await fx.Admin.CustomObjects.DeleteNamespacedCustomObjectAsync("dynamo-mcp.io", "v1alpha1", Tenant.Namespace, "scaffolds", "reborn-1", cancellationToken: ct);
        await ClientWaits.ProjectPhaseAsync(client, "reborn-1", null, ct);
        foreach (var chunk in leftovers)
        {
            await RecreateAsync(chunk, chunk.Metadata.OwnerReferences, chunk.BinaryData, ct);
        }

        await CreateAsync(client, "reborn", "reborn-1", "second", ct);
        await ClientWaits.ProjectPhaseAsync(client, "reborn-1", "Pending", ct);
        var files = new Dictionary<string, string> { ["second/README.md"] = "# second\n", ["second/app.py"] = "print(2)\n" };
        var archive = await fx.Operator.SucceedAsync(Tenant.Namespace, "reborn-1", files, ct);
        await ClientWaits.ProjectPhaseAsync(client, "reborn-1", "Succeeded", ct);

        var labelled = await fx.Admin.CoreV1.ListNamespacedConfigMapAsync(
            Tenant.Namespace, labelSelector: $"{ScaffoldResultFormat.ScaffoldLabel}=reborn-1", cancellationToken: ct);
        labelled.Items.Should().HaveCount(leftovers.Count + 3, "the old chunks still carry the Scaffold's name; only status and owner tell them apart");
        var listed = await client.CallToolAsync("get_project_files", new Dictionary<string, object?> { ["name"] = "reborn-1" }, cancellationToken: ct);
        listed.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(listed));
        listed.StructuredContent!.Value.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Should().Equal("second/README.md", "second/app.py");
        (await ReadAsync(client, "reborn-1", "second/README.md", ct)).Should().Be("# second\n");
        var read = await client.ReadResourceAsync($"scaffolds://{Tenant.Namespace}/reborn-1/archive", cancellationToken: ct);
        read.Contents.Should().ContainSingle().Which.Should().BeOfType<BlobResourceContents>().Which.DecodedData.ToArray().Should().Equal(archive);
    }

    [Fact]
    public async Task A_tampered_chunk_is_reported_and_nothing_is_served()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await ConnectWithTemplateAsync("tampered", ct);
        await CreateAsync(client, "tampered", "tampered-1", "app", ct);
        await fx.Operator.SucceedAsync(Tenant.Namespace, "tampered-1", new Dictionary<string, string> { ["app/README.md"] = "# app\n", ["app/main.py"] = "print('hi')\n" }, ct);
        await ClientWaits.ProjectPhaseAsync(client, "tampered-1", "Succeeded", ct);
        (await ReadAsync(client, "tampered-1", "app/README.md", ct)).Should().Be("# app\n");

        // Someone with write access to ConfigMaps swaps the middle chunk for one of the same size, name and owner.
        var victim = (await fx.Operator.ResultChunksAsync(Tenant.Namespace, "tampered-1", ct))[1];
        var bytes = victim.BinaryData.Single().Value.ToArray();
        bytes[0] ^= 0xFF;
        await fx.Admin.CoreV1.DeleteNamespacedConfigMapAsync(victim.Metadata.Name, Tenant.Namespace, cancellationToken: ct);
        await RecreateAsync(victim, victim.Metadata.OwnerReferences, new Dictionary<string, byte[]> { [victim.BinaryData.Single().Key] = bytes }, ct);

        foreach (var (tool, arguments) in new[]
        {
            ("read_project_file", new Dictionary<string, object?> { ["name"] = "tampered-1", ["path"] = "app/README.md" }),
            ("get_project_files", new Dictionary<string, object?> { ["name"] = "tampered-1" }),
        })
        {
            var result = await client.CallToolAsync(tool, arguments, cancellationToken: ct);
            result.IsError.Should().BeTrue(tool);
            var text = TemplateLifecycleTests.Text(result);
            text.Should().Contain("Project 'tampered-1' cannot be read").And.Contain("SHA-256").And.Contain("not served").And.Contain("create the project again")
                .And.NotContain("# app");
        }

        var archive = async () => await client.ReadResourceAsync($"scaffolds://{Tenant.Namespace}/tampered-1/archive", cancellationToken: ct);
        (await archive.Should().ThrowAsync<McpException>()).Which.Message.Should().Contain("SHA-256");
    }

    [Fact]
    public async Task A_chunk_owned_by_another_object_is_refused_even_with_the_right_content()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await ConnectWithTemplateAsync("adopted", ct);
        await CreateAsync(client, "adopted", "adopted-1", "app", ct);
        await CreateAsync(client, "adopted", "adopted-2", "other", ct);
        await fx.Operator.SucceedAsync(Tenant.Namespace, "adopted-1", new Dictionary<string, string> { ["app/README.md"] = "# app\n" }, ct);
        await ClientWaits.ProjectPhaseAsync(client, "adopted-1", "Succeeded", ct);
        var other = await fx.Operator.GetScaffoldAsync(Tenant.Namespace, "adopted-2", ct);

        // The same bytes under the same name, but owned by another Scaffold: not this Scaffold's result.
        var chunk = (await fx.Operator.ResultChunksAsync(Tenant.Namespace, "adopted-1", ct))[0];
        await fx.Admin.CoreV1.DeleteNamespacedConfigMapAsync(chunk.Metadata.Name, Tenant.Namespace, cancellationToken: ct);
        var foreign = chunk.Metadata.OwnerReferences.Select(o => new V1OwnerReference
        {
            ApiVersion = o.ApiVersion,
            Kind = o.Kind,
            Name = other.Metadata.Name,
            Uid = other.Metadata.Uid,
            BlockOwnerDeletion = o.BlockOwnerDeletion,
            Controller = o.Controller,
        }).ToList();
        await RecreateAsync(chunk, foreign, chunk.BinaryData, ct);

        var result = await client.CallToolAsync("read_project_file", new Dictionary<string, object?> { ["name"] = "adopted-1", ["path"] = "app/README.md" }, cancellationToken: ct);

        result.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(result).Should().Contain($"ConfigMap '{chunk.Metadata.Name}' (chunk 1 of 3)")
            .And.Contain($"is owned by uid {other.Metadata.Uid}")
            .And.Contain($"not by Scaffold '{Tenant.Namespace}/adopted-1'")
            .And.Contain("not served")
            .And.NotContain("# app");
    }

    private async Task<McpClient> ConnectWithTemplateAsync(string template, CancellationToken ct)
    {
        await fx.Operator.CreateTemplateAsync(Tenant.Namespace, template, ct);
        await fx.Operator.MarkTemplateReadyAsync(Tenant.Namespace, template, ct);
        var client = await fx.ConnectAsync(Tenant.ApiKey, null, ct);
        await ClientWaits.ReadyTemplateAsync(client, template, ct);
        return client;
    }

    private static async Task CreateAsync(McpClient client, string template, string name, string projectName, CancellationToken ct)
    {
        var created = await client.CallToolAsync(
            "create_project",
            new Dictionary<string, object?> { ["template"] = template, ["name"] = name, ["wait"] = false, ["variables"] = new Dictionary<string, object?> { ["project_name"] = projectName } },
            cancellationToken: ct);
        created.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(created));
    }

    private static async Task<string?> ReadAsync(McpClient client, string name, string path, CancellationToken ct)
    {
        var read = await client.CallToolAsync("read_project_file", new Dictionary<string, object?> { ["name"] = name, ["path"] = path }, cancellationToken: ct);
        read.IsError.Should().NotBe(true, TemplateLifecycleTests.Text(read));
        return read.StructuredContent!.Value.GetProperty("content").GetString();
    }

    /// <summary>Creates <paramref name="chunk"/> again (once any earlier object of its name is gone) with the given owners and data.</summary>
    private async Task RecreateAsync(V1ConfigMap chunk, IList<V1OwnerReference> owners, IDictionary<string, byte[]> data, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while ((await fx.Admin.CoreV1.ListNamespacedConfigMapAsync(Tenant.Namespace, fieldSelector: $"metadata.name={chunk.Metadata.Name}", cancellationToken: timeout.Token)).Items.Count > 0)
        {
            await Task.Delay(50, timeout.Token);
        }

        await fx.Admin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap
            {
                Metadata = new V1ObjectMeta
                {
                    Name = chunk.Metadata.Name,
                    NamespaceProperty = Tenant.Namespace,
                    Labels = chunk.Metadata.Labels,
                    Annotations = chunk.Metadata.Annotations,
                    OwnerReferences = owners,
                },
                BinaryData = data,
                Immutable = true,
            },
            Tenant.Namespace,
            cancellationToken: ct);
    }
}
