using DynamoMcp.LocalCluster;
using DynamoMcp.Operator.Runtime;
using DynamoMcp.Operator.Runtime.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Operator.Tests.Runtime.Integration;

/// <summary>The runtime against a real LocalCluster through the real client, with a sample ConfigMap controller.</summary>
public sealed class ControllerIntegrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Data = new Dictionary<string, string> { ["value"] = value },
    };

    [Fact]
    public async Task Objects_created_concurrently_are_all_reconciled_and_the_cache_equals_the_server()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        var log = new ReconcileLog();
        await using var host = await RuntimeHost.StartAsync(cluster, log, cancellationToken: Ct);
        using var writer = cluster.CreateClient();

        var names = Enumerable.Range(0, 500).Select(i => $"cm-{i:D3}").ToList();
        using (var gate = new SemaphoreSlim(32))
        {
            await Task.WhenAll(names.Select(async name =>
            {
                await gate.WaitAsync(Ct);
                try
                {
                    await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, "v1"), "default", cancellationToken: Ct);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await Eventually.TrueAsync(
            () => names.All(n => log.For(new ObjectKey("default", n)).Count > 0),
            "every created ConfigMap was reconciled");
        await Eventually.TrueAsync(() => host.Controller.Queue.Count == 0, "the queue drained");
        var server = await writer.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
        await Eventually.TrueAsync(
            () => Snapshot(host.Controller.Cache.List("default")).SequenceEqual(Snapshot(server.Items)),
            "the cache holds exactly the server's objects at the server's versions");
        server.Items.Where(c => c.Name().StartsWith("cm-", StringComparison.Ordinal)).Should().HaveCount(500)
            .And.OnlyContain(c => c.Metadata.Annotations != null && c.Metadata.Annotations.ContainsKey(SampleConfigMapController.SeenAnnotation));
        log.Overlaps.Should().Be(0);
    }

    private static IEnumerable<string> Snapshot(IEnumerable<V1ConfigMap> items) =>
        items.Select(c => $"{c.Name()}@{c.ResourceVersion()}").Order(StringComparer.Ordinal);
}
