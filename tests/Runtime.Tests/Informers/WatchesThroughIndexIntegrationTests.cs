using System.Text.Json;
using DynamoMcp.LocalCluster;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Tests.Integration;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Runtime.Tests.Informers;

/// <summary>
/// WithIndex + WatchesThroughIndex on a live host: a change of a Secret enqueues exactly the ConfigMaps filed under
/// the Secret's name in the index, and a ConfigMap whose value changes is re-filed.
/// </summary>
public sealed class WatchesThroughIndexIntegrationTests
{
    private const string Index = "by-secret";
    private const string UsesSecret = "uses-secret";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ObjectKey Key(string name) => new("default", name);

    private static V1ConfigMap ConfigMap(string name, string? secret) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Labels = secret is null ? null : new Dictionary<string, string> { [UsesSecret] = secret },
        },
        Data = new Dictionary<string, string> { ["value"] = "initial" },
    };

    [Fact]
    public async Task A_secret_change_enqueues_exactly_the_configmaps_filed_under_its_name()
    {
        await using var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, Ct);
        var log = new ReconcileLog();

        // One worker: keys are reconciled in the order they were queued, so once a later sentinel change has been
        // reconciled, every key queued before it has been too (what makes "not enqueued" observable without sleeping).
        await using var host = await RuntimeHost.StartAsync(cluster, log, workers: 1, cancellationToken: Ct, controller: c => c
            .WithIndex(Index, cm => cm.Metadata.Labels?.TryGetValue(UsesSecret, out var s) == true ? [s] : [])
            .WatchesThroughIndex<V1Secret>(Index, secret => [secret.Metadata.Name]));
        using var writer = cluster.CreateClient();

        // The manager builds its controllers in ExecuteAsync, which runs after the host's StartAsync has returned.
        await Eventually.TrueAsync(() => host.Manager.Controllers.Count == 1, "the manager built its controller");
        foreach (var (name, secret) in new[] { ("a", "s1"), ("b", "s1"), ("c", "s2"), ("d", (string?)null) })
        {
            await writer.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, secret), "default", cancellationToken: Ct);
        }

        await SettledAsync(host, log, "a", "b", "c", "d");
        var sentinel = 0;
        async Task SentinelAsync()
        {
            var value = $"sentinel-{++sentinel}";
            var patch = JsonSerializer.Serialize(new { data = new { value } });
            await writer.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "d", "default", cancellationToken: Ct);
            await Eventually.TrueAsync(() => log.For(Key("d")).Any(r => r.Value == value), $"the sentinel change {value} of d was reconciled");
        }

        Dictionary<string, int> Counts() => new[] { "a", "b", "c", "d" }.ToDictionary(n => n, n => log.For(Key(n)).Count);

        // Phase 1: a new Secret s1 enqueues a and b (filed under s1), once each; c (s2) and d (no value) stay quiet.
        var before = Counts();
        await writer.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "s1", NamespaceProperty = "default" }, StringData = new Dictionary<string, string> { ["k"] = "1" } },
            "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => Counts()["a"] > before["a"] && Counts()["b"] > before["b"], "a and b were reconciled after s1 appeared");
        await SentinelAsync();
        var after = Counts();
        after["a"].Should().Be(before["a"] + 1);
        after["b"].Should().Be(before["b"] + 1);
        after["c"].Should().Be(before["c"], "c is filed under s2, not s1");
        after["d"].Should().Be(before["d"] + 1, "d has no value; only its own sentinel change reconciled it");
        log.For(Key("a"))[^1].Value.Should().Be("initial");

        // Phase 2: c moves to s1 and b to s2; the live cache re-files them, so s1 now stands for a and c.
        foreach (var (name, secret) in new[] { ("c", "s1"), ("b", "s2") })
        {
            var patch = JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [UsesSecret] = secret } } });
            await writer.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, "default", cancellationToken: Ct);
        }

        await Eventually.TrueAsync(
            () => host.Controller.Cache.Get(Key("c"))?.Metadata.Labels?[UsesSecret] == "s1"
                && host.Controller.Cache.Get(Key("b"))?.Metadata.Labels?[UsesSecret] == "s2",
            "the cache holds the relabelled c and b");
        await SettledAsync(host, log, "b", "c");
        before = Counts();
        var secretPatch = JsonSerializer.Serialize(new { stringData = new { k = "2" } });
        await writer.CoreV1.PatchNamespacedSecretAsync(new V1Patch(secretPatch, V1Patch.PatchType.MergePatch), "s1", "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => Counts()["a"] > before["a"] && Counts()["c"] > before["c"], "a and c were reconciled after s1 changed");
        await SentinelAsync();
        after = Counts();
        after["b"].Should().Be(before["b"], "b left s1 for s2");
        after["d"].Should().Be(before["d"] + 1);

        // Phase 3: deleting s1 enqueues a and c once each.
        before = Counts();
        await writer.CoreV1.DeleteNamespacedSecretAsync("s1", "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => Counts()["a"] > before["a"] && Counts()["c"] > before["c"], "a and c were reconciled after s1 was deleted");
        await SentinelAsync();
        after = Counts();
        after["a"].Should().Be(before["a"] + 1);
        after["c"].Should().Be(before["c"] + 1);
        after["b"].Should().Be(before["b"]);
        after["d"].Should().Be(before["d"] + 1);
        log.Overlaps.Should().Be(0);
    }

    /// <summary>Each object carries the sample controller's annotation and was reconciled at the version the cache holds: no event is left to come.</summary>
    private static Task SettledAsync(RuntimeHost host, ReconcileLog log, params string[] names) =>
        Eventually.TrueAsync(
            () => names.All(n => host.Controller.Cache.Get(Key(n)) is { } cm
                && cm.Metadata.Annotations?.ContainsKey(SampleConfigMapController.SeenAnnotation) == true
                && log.For(Key(n)).Any(r => r.ResourceVersion == cm.Metadata.ResourceVersion)),
            $"{string.Join(", ", names)} were reconciled at their current versions");
}
