using System.Net;
using k8s;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Conformance;

public sealed class GarbageCollectionTests
{
    private static async Task<(V1ConfigMap Owner, V1ConfigMap Child)> OwnerAndChildAsync(Kubernetes client)
    {
        var owner = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner"), "default", cancellationToken: Ct);
        var child = ConfigMap("child");
        child.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid }];
        return (owner, await client.CoreV1.CreateNamespacedConfigMapAsync(child, "default", cancellationToken: Ct));
    }

    private static async Task<bool> EventuallyGoneAsync(Kubernetes client, string name)
    {
        for (var i = 0; i < 600; i++)
        {
            var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
            if (list.Items.All(c => c.Metadata.Name != name))
            {
                return true;
            }
            await Task.Delay(50, Ct);
        }
        return false;
    }

    [Fact]
    public async Task Background_deletion_removes_dependents()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await OwnerAndChildAsync(client);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "default", propagationPolicy: "Background", cancellationToken: Ct);
        (await EventuallyGoneAsync(client, "child")).Should().BeTrue();
    }

    [Fact]
    public async Task Foreground_deletion_removes_dependents_before_the_owner()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await OwnerAndChildAsync(client);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "default", propagationPolicy: "Foreground", cancellationToken: Ct);
        (await EventuallyGoneAsync(client, "owner")).Should().BeTrue();
        (await EventuallyGoneAsync(client, "child")).Should().BeTrue();
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_drops_their_owner_reference()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await OwnerAndChildAsync(client);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "default", propagationPolicy: "Orphan", cancellationToken: Ct);
        (await EventuallyGoneAsync(client, "owner")).Should().BeTrue();
        var child = await client.CoreV1.ReadNamespacedConfigMapAsync("child", "default", cancellationToken: Ct);
        child.Metadata.OwnerReferences.Should().BeNullOrEmpty();
    }
}
