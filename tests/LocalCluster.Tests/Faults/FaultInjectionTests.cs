using System.Net;
using k8s;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Faults;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Next_writes_fail_with_the_chosen_status_then_recover()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        server.Faults.FailNextWrites(2, 409);
        (await FailureOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct))).Code.Should().Be(HttpStatusCode.Conflict);
        server.Faults.FailNextWrites(1, 500);
        (await FailureOf(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct))).Code.Should().Be(HttpStatusCode.InternalServerError);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        (await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct)).Items.Should().ContainSingle();
    }

    [Fact]
    public async Task Watches_close_after_the_configured_number_of_events()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"c{i}"), "default", cancellationToken: Ct);
        }
        server.Faults.CloseWatchesAfterEvents = 2;
        var response = client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("default", watch: true, resourceVersion: "1", timeoutSeconds: 60, cancellationToken: Ct);
        var count = 0;
#pragma warning disable CS0618
        await foreach (var _ in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(cancellationToken: Ct))
#pragma warning restore CS0618
        {
            count++;
        }
        count.Should().Be(2);
    }

    [Fact]
    public async Task Expired_history_forces_410_for_watches_from_before()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default", cancellationToken: Ct);
        server.Faults.ExpireWatchHistory();
        var errors = new List<Exception>();
        var response = client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("default", watch: true, resourceVersion: cm.Metadata.ResourceVersion, timeoutSeconds: 30, cancellationToken: Ct);
#pragma warning disable CS0618
        await foreach (var _ in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(onError: errors.Add, cancellationToken: Ct))
#pragma warning restore CS0618
        {
        }
        errors.OfType<KubernetesException>().Should().ContainSingle().Which.Status.Code.Should().Be(410);
    }
}
