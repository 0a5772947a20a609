using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Conformance;

public sealed class ObjectLifecycleTests
{
    [Fact]
    public async Task A_secrets_stringData_is_merged_into_data_over_its_keys_and_not_stored()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "creds" },
                Data = new Dictionary<string, byte[]> { ["kept"] = "old"u8.ToArray(), ["replaced"] = "old"u8.ToArray() },
                StringData = new Dictionary<string, string> { ["replaced"] = "new", ["added"] = "plain text" },
            },
            "default",
            cancellationToken: Ct);

        var stored = await client.CoreV1.ReadNamespacedSecretAsync("creds", "default", cancellationToken: Ct);
        stored.StringData.Should().BeNull("stringData is write-only, as in Kubernetes");
        stored.Data.ToDictionary(d => d.Key, d => System.Text.Encoding.UTF8.GetString(d.Value))
            .Should().BeEquivalentTo(new Dictionary<string, string> { ["kept"] = "old", ["replaced"] = "new", ["added"] = "plain text" });
    }

    [Fact]
    public async Task Create_fills_uid_timestamp_resource_version_and_generated_name()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } }, "default", cancellationToken: Ct);

        created.Metadata.Name.Should().MatchRegex("^gen-[a-z0-9]{5}$");
        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        created.Metadata.CreationTimestamp.Should().NotBeNull();
        long.Parse(created.Metadata.ResourceVersion).Should().BePositive();
        created.Metadata.NamespaceProperty.Should().Be("default");
    }

    [Fact]
    public async Task Duplicate_create_is_409_AlreadyExists_and_missing_get_is_404_NotFound()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);

        var (code, status) = await FailureOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.Conflict);
        status.GetProperty("kind").GetString().Should().Be("Status");
        status.GetProperty("reason").GetString().Should().Be("AlreadyExists");
        status.GetProperty("message").GetString().Should().Be("configmaps \"a\" already exists");
        status.GetProperty("details").GetProperty("kind").GetString().Should().Be("configmaps");

        (code, status) = await FailureOf(() => client.CoreV1.ReadNamespacedConfigMapAsync("nope", "default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.NotFound);
        status.GetProperty("message").GetString().Should().Be("configmaps \"nope\" not found");
        status.GetProperty("code").GetInt32().Should().Be(404);
    }

    [Fact]
    public async Task Stale_update_is_409_Conflict_and_fresh_update_bumps_resource_version()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var v1 = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        v1.Data["k"] = "second";
        var v2 = await client.CoreV1.ReplaceNamespacedConfigMapAsync(v1, "a", "default", cancellationToken: Ct);
        long.Parse(v2.Metadata.ResourceVersion).Should().BeGreaterThan(long.Parse(v1.Metadata.ResourceVersion));

        v1.Data["k"] = "stale";
        var (code, status) = await FailureOf(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(v1, "a", "default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.Conflict);
        status.GetProperty("reason").GetString().Should().Be("Conflict");
        status.GetProperty("message").GetString().Should().Be(
            "Operation cannot be fulfilled on configmaps \"a\": the object has been modified; please apply your changes to the latest version and try again");
    }

    [Fact]
    public async Task Missing_name_is_422_Invalid_with_causes()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var (code, status) = await FailureOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta() }, "default", cancellationToken: Ct));
        code.Should().Be((HttpStatusCode)422);
        status.GetProperty("reason").GetString().Should().Be("Invalid");
        var cause = status.GetProperty("details").GetProperty("causes")[0];
        cause.GetProperty("field").GetString().Should().Be("metadata.name");
        cause.GetProperty("reason").GetString().Should().Be("FieldValueRequired");
    }

    [Fact]
    public async Task Generation_changes_only_with_spec_and_status_subresource_is_separate()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await CreateWidgetCrdAsync(client);
        var created = AsJson(await client.CustomObjects.CreateNamespacedCustomObjectAsync(Widget("w", 1), "example.com", "v1", "default", "widgets", cancellationToken: Ct));
        created.GetProperty("metadata").GetProperty("generation").GetInt64().Should().Be(1);

        var labelled = AsJson(await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "example.com", "v1", "default", "widgets", "w", cancellationToken: Ct));
        labelled.GetProperty("metadata").GetProperty("generation").GetInt64().Should().Be(1);

        var resized = AsJson(await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"size":2},"status":{"ignored":true}}""", V1Patch.PatchType.MergePatch), "example.com", "v1", "default", "widgets", "w", cancellationToken: Ct));
        resized.GetProperty("metadata").GetProperty("generation").GetInt64().Should().Be(2);
        resized.TryGetProperty("status", out _).Should().BeFalse("status is ignored on the main resource when the status subresource exists");

        var withStatus = AsJson(await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"spec":{"size":99},"status":{"phase":"Ok"}}""", V1Patch.PatchType.MergePatch), "example.com", "v1", "default", "widgets", "w", cancellationToken: Ct));
        withStatus.GetProperty("status").GetProperty("phase").GetString().Should().Be("Ok");
        withStatus.GetProperty("spec").GetProperty("size").GetInt32().Should().Be(2, "spec is ignored on /status");
        withStatus.GetProperty("metadata").GetProperty("generation").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task Finalizer_blocks_delete_until_removed()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var cm = ConfigMap("f");
        cm.Metadata.Finalizers = ["example.com/hold"];
        await client.CoreV1.CreateNamespacedConfigMapAsync(cm, "default", cancellationToken: Ct);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("f", "default", cancellationToken: Ct);
        var pending = await client.CoreV1.ReadNamespacedConfigMapAsync("f", "default", cancellationToken: Ct);
        pending.Metadata.DeletionTimestamp.Should().NotBeNull();

        pending.Metadata.Finalizers = [];
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(pending, "f", "default", cancellationToken: Ct);
        var (code, _) = await FailureOf(() => client.CoreV1.ReadNamespacedConfigMapAsync("f", "default", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Dry_run_validates_without_storing()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var result = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dry"), "default", dryRun: "All", cancellationToken: Ct);
        result.Metadata.Uid.Should().NotBeNullOrEmpty();
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
        list.Items.Should().NotContain(c => c.Metadata.Name == "dry");
    }

    [Fact]
    public async Task Crd_serves_its_kind_and_deleting_it_removes_objects_and_stops_serving()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await CreateWidgetCrdAsync(client);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(Widget("w", 1), "example.com", "v1", "default", "widgets", cancellationToken: Ct);
        var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.example.com", cancellationToken: Ct);
        crd.Status.Conditions.Should().Contain(c => c.Type == "Established" && c.Status == "True");

        await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets.example.com", cancellationToken: Ct);
        var (code, _) = await FailureOf(() => client.CustomObjects.ListNamespacedCustomObjectAsync("example.com", "v1", "default", "widgets", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.NotFound);

        await CreateWidgetCrdAsync(client);
        var again = AsJson(await client.CustomObjects.ListNamespacedCustomObjectAsync("example.com", "v1", "default", "widgets", cancellationToken: Ct));
        again.GetProperty("items").GetArrayLength().Should().Be(0, "objects of a deleted CRD are removed with it");
    }

    [Fact]
    public async Task Namespace_deletion_terminates_then_removes_it_with_its_objects()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } }, cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "team", cancellationToken: Ct);

        await client.CoreV1.DeleteNamespaceAsync("team", cancellationToken: Ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: Ct);
            if (list.Items.All(n => n.Metadata.Name != "team"))
            {
                break;
            }
            await Task.Delay(50, Ct);
        }
        (await client.CoreV1.ListNamespaceAsync(cancellationToken: Ct)).Items.Should().NotContain(n => n.Metadata.Name == "team");
        (await client.CoreV1.ListConfigMapForAllNamespacesAsync(cancellationToken: Ct)).Items.Should().NotContain(c => c.Metadata.NamespaceProperty == "team");
        var (code, status) = await FailureOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "team", cancellationToken: Ct));
        code.Should().Be(HttpStatusCode.NotFound);
        status.GetProperty("message").GetString().Should().Be("namespaces \"team\" not found");
    }
}
