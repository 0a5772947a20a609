using DynamoMcp.LocalCluster.Jobs;
using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

/// <summary>The live check the local kubelet makes before it treats a pod missing from a (possibly older) list as deleted.</summary>
public sealed class PodPresenceTests
{
    [Fact]
    public async Task A_pod_exists_under_its_uid_until_deleted_and_a_recreated_pod_of_the_same_name_is_another()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LocalClusterServer.StartAsync(new LocalClusterOptions(), null, ct);
        var client = server.CreateClient();
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } };

        var first = await client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: ct);
        (await PodPresence.ExistsAsync(client, "default", "p", first.Uid(), ct)).Should().BeTrue();

        await client.CoreV1.DeleteNamespacedPodAsync("p", "default", cancellationToken: ct);
        (await PodPresence.ExistsAsync(client, "default", "p", first.Uid(), ct)).Should().BeFalse("the pod is gone");

        var second = await client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: ct);
        (await PodPresence.ExistsAsync(client, "default", "p", first.Uid(), ct)).Should().BeFalse("a pod of the same name is another pod");
        (await PodPresence.ExistsAsync(client, "default", "p", second.Uid(), ct)).Should().BeTrue();
    }
}
