using System.Net;
using k8s;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Storage;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Restart_on_the_same_directory_keeps_objects_and_continues_resource_versions()
    {
        var dir = Directory.CreateTempSubdirectory("lc-persist-").FullName;
        try
        {
            string lastRv;
            await using (var server = await StartAsync(new LocalClusterOptions { DataDirectory = dir }))
            {
                var client = server.CreateClient();
                await CreateWidgetCrdAsync(client);
                await client.CustomObjects.CreateNamespacedCustomObjectAsync(Widget("w", 1), "example.com", "v1", "default", "widgets", cancellationToken: Ct);
                var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("kept"), "default", cancellationToken: Ct);
                await client.CoreV1.DeleteNamespacedConfigMapAsync("kept", "default", cancellationToken: Ct);
                lastRv = (await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct)).Metadata.ResourceVersion;
                File.Exists(Path.Combine(dir, "cluster.db")).Should().BeTrue();
                cm.Should().NotBeNull();
            }
            await using (var server = await StartAsync(new LocalClusterOptions { DataDirectory = dir }))
            {
                var client = server.CreateClient();
                var widgets = AsJson(await client.CustomObjects.ListNamespacedCustomObjectAsync("example.com", "v1", "default", "widgets", cancellationToken: Ct));
                widgets.GetProperty("items").GetArrayLength().Should().Be(1);
                var next = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("new"), "default", cancellationToken: Ct);
                long.Parse(next.Metadata.ResourceVersion).Should().BeGreaterThan(long.Parse(lastRv));

                var errors = new List<Exception>();
                var response = client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync("default", watch: true, resourceVersion: "1", timeoutSeconds: 30, cancellationToken: Ct);
#pragma warning disable CS0618
                await foreach (var _ in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(onError: errors.Add, cancellationToken: Ct))
#pragma warning restore CS0618
                {
                    break;
                }
                errors.OfType<KubernetesException>().Should().ContainSingle().Which.Status.Code.Should().Be((int)HttpStatusCode.Gone);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
