using DynamoMcp.LocalCluster;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Runtime.Tests.Integration;

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

    [Fact]
    public async Task Rapid_updates_collapse_into_few_reconciles_that_end_on_the_last_state_without_overlap()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        var log = new ReconcileLog();
        var key = new ObjectKey("default", "hot");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first reconcile of the key holds until every update is written, so later events must pile onto one queue entry.
        log.Behaviour = async (k, attempt, _, ct) =>
        {
            if (k == key && attempt == 1)
            {
                await release.Task.WaitAsync(ct);
            }

            return ReconcileResult.Done;
        };
        await using var host = await RuntimeHost.StartAsync(cluster, log, workers: 4, cancellationToken: Ct);
        using var writer = cluster.CreateClient();
        await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("hot", "0"), "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => log.For(key).Count == 1, "the first reconcile started");

        for (var i = 1; i <= 100; i++)
        {
            var patch = System.Text.Json.JsonSerializer.Serialize(new { data = new { value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            await writer.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "hot", "default", cancellationToken: Ct);
        }

        var final = await writer.CoreV1.ReadNamespacedConfigMapAsync("hot", "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => host.Controller.Cache.Get(key)?.ResourceVersion() == final.ResourceVersion(), "the cache saw the last update");
        release.SetResult();
        await Eventually.TrueAsync(
            () => log.For(key).Any(r => r.Value == "100") && host.Controller.Queue.Count == 0 && host.Controller.Queue.DelayedCount == 0,
            "the last state was reconciled and the queue drained");

        var reconciles = log.For(key);
        reconciles.Count.Should().BeLessThan(10, "100 updates arrived while one reconcile held the key");
        reconciles[^1].Value.Should().Be("100");
        log.Overlaps.Should().Be(0, "a key is never reconciled by two workers at once");
    }

    [Fact]
    public async Task A_reconcile_failing_three_times_is_retried_with_growing_delays_then_rests()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        var log = new ReconcileLog();
        var key = new ObjectKey("default", "flaky");
        log.Behaviour = (k, attempt, _, _) => k == key && attempt <= 3
            ? throw new InvalidOperationException($"simulated failure {attempt}")
            : Task.FromResult(ReconcileResult.Done);
        var backoffBase = TimeSpan.FromMilliseconds(200);
        await using var host = await RuntimeHost.StartAsync(cluster, log, configure: o => o.BackoffBase = backoffBase, cancellationToken: Ct);
        using var writer = cluster.CreateClient();

        await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("flaky", "x"), "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => log.For(key).Count >= 4, "the fourth attempt ran");

        // The success writes the seen annotation, whose watch event brings one more (successful) reconcile; after that, rest.
        await Eventually.TrueAsync(
            () => host.Controller.Cache.Get(key)?.Metadata.Annotations?.ContainsKey(SampleConfigMapController.SeenAnnotation) == true,
            "the cache saw the annotation the successful reconcile wrote");
        await Eventually.TrueAsync(() => log.For(key).Count >= 5 && host.Controller.Queue.Count == 0, "the annotation's event was reconciled");
        var settled = log.For(key).Count;
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        var attempts = log.For(key);
        attempts.Count.Should().Be(settled, "after success nothing is retried");
        attempts.Count.Should().Be(5, "three failures, the success, and the success's own annotation change");
        for (var i = 1; i <= 3; i++)
        {
            // The queue never hands a key out before its backoff; noise can only lengthen the gaps.
            (attempts[i].At - attempts[i - 1].At).Should().BeGreaterThanOrEqualTo(backoffBase * Math.Pow(2, i - 1) - TimeSpan.FromMilliseconds(20));
        }

        host.Controller.Queue.NumRequeues(key).Should().Be(0, "success forgets the backoff");
    }

    private static IEnumerable<string> Snapshot(IEnumerable<V1ConfigMap> items) =>
        items.Select(c => $"{c.Name()}@{c.ResourceVersion()}").Order(StringComparer.Ordinal);
}
