using k8s;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Patching;

public sealed class PatchTests
{
    private static V1Deployment Deployment() => new()
    {
        Metadata = new V1ObjectMeta { Name = "d" },
        Spec = new V1DeploymentSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "d" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "d" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "app:1" }, new V1Container { Name = "sidecar", Image = "side:1" }] },
            },
        },
    };

    [Fact]
    public async Task Strategic_merge_patch_merges_containers_by_name()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(), "default", cancellationToken: Ct);
        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"side:2"}]}}}}""", V1Patch.PatchType.StrategicMergePatch),
            "d", "default", cancellationToken: Ct);
        patched.Spec.Template.Spec.Containers.Select(c => (c.Name, c.Image)).Should().Equal(("app", "app:1"), ("sidecar", "side:2"));
        patched.Metadata.Generation.Should().Be(2);
    }

    [Fact]
    public async Task Merge_patch_replaces_lists_and_null_deletes()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(), "default", cancellationToken: Ct);
        var patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"metadata":{"labels":{"x":"y"}},"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o:1"}]}}}}""", V1Patch.PatchType.MergePatch),
            "d", "default", cancellationToken: Ct);
        patched.Spec.Template.Spec.Containers.Should().ContainSingle().Which.Name.Should().Be("only");
        patched = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"labels":{"x":null}}}""", V1Patch.PatchType.MergePatch),
            "d", "default", cancellationToken: Ct);
        patched.Metadata.Labels.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task Json_patch_applies_operations_and_test_failure_is_rejected()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), "default", cancellationToken: Ct);
        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """[{"op":"add","path":"/data/extra","value":"1"},{"op":"replace","path":"/data/k","value":"2"}]""", V1Patch.PatchType.JsonPatch),
            "c", "default", cancellationToken: Ct);
        patched.Data.Should().BeEquivalentTo(new Dictionary<string, string> { ["k"] = "2", ["extra"] = "1" });

        var (code, _) = await FailureOf(() => client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """[{"op":"test","path":"/data/k","value":"nope"}]""", V1Patch.PatchType.JsonPatch), "c", "default", cancellationToken: Ct));
        ((int)code).Should().Be(422);
    }

    [Fact]
    public async Task Server_side_apply_creates_then_updates()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied"},"data":{"a":"1"}}""";
        var created = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(body, V1Patch.PatchType.ApplyPatch), "applied", "default", fieldManager: "test", cancellationToken: Ct);
        created.Data["a"].Should().Be("1");
        var updated = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(body.Replace("\"1\"", "\"2\"", StringComparison.Ordinal), V1Patch.PatchType.ApplyPatch),
            "applied", "default", fieldManager: "test", cancellationToken: Ct);
        updated.Data["a"].Should().Be("2");
        updated.Metadata.Uid.Should().Be(created.Metadata.Uid);
    }
}
