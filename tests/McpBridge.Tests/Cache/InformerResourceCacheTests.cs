using DynamoMcp.LocalCluster;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.McpBridge.Tests.Cache;

/// <summary>The bridge keeps each namespace's sorted list until something changes: it must never serve a stale one.</summary>
public sealed class InformerResourceCacheTests : IAsyncLifetime
{
    private LocalClusterServer _cluster = null!;
    private IKubernetes _client = null!;
    private Informer<V1ConfigMap> _informer = null!;
    private CancellationTokenSource _stop = null!;
    private Task _running = Task.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), null, ct);
        _client = _cluster.CreateClient();
        foreach (var ns in new[] { "a", "b" })
        {
            await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct);
        }

        _informer = new Informer<V1ConfigMap>(new ResourceClient<V1ConfigMap>(_client), new InformerOptions(), NullLogger<Informer<V1ConfigMap>>.Instance);
        _stop = new CancellationTokenSource();
        _running = _informer.RunAsync(_stop.Token);
        await _informer.WaitForSyncAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _client.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Lists_follow_every_add_update_and_delete_and_are_reused_while_nothing_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        var cache = new InformerResourceCache<V1ConfigMap>(_informer);
        var before = cache.List("a");
        cache.List("a").Should().BeSameAs(before, "nothing changed, so the sorted list is reused");

        await Create("a", "zeta", ct);
        await Create("a", "alpha", ct);
        await Create("b", "other", ct);
        await EventuallyAsync(() => cache.List(null), l => l.Count == 3, ct);
        cache.List("a").Select(r => r.Metadata.Name).Should().Equal("alpha", "zeta");
        cache.List("b").Select(r => r.Metadata.Name).Should().Equal("other");
        cache.List(null).Select(r => $"{r.Metadata.NamespaceProperty}/{r.Metadata.Name}").Should().Equal("a/alpha", "a/zeta", "b/other");
        cache.Get("a", "zeta").Should().BeSameAs(cache.List("a")[1], "lists hold the informer's own typed objects, not copies");

        var updated = await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"k":"v2"}}""", V1Patch.PatchType.MergePatch), "zeta", "a", cancellationToken: ct);
        var afterUpdate = await EventuallyAsync(
            () => cache.List("a"), l => l.Single(r => r.Metadata.Name == "zeta").Metadata.ResourceVersion == updated.Metadata.ResourceVersion, ct);
        afterUpdate.Single(r => r.Metadata.Name == "zeta").Data["k"].Should().Be("v2");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("alpha", "a", cancellationToken: ct);
        (await EventuallyAsync(() => cache.List("a"), l => l.Count == 1, ct)).Single().Metadata.Name.Should().Be("zeta");
        cache.Get("a", "alpha").Should().BeNull();
    }

    private Task Create(string ns, string name, CancellationToken ct) =>
        _client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Data = new Dictionary<string, string> { ["k"] = "v1" } },
            ns,
            cancellationToken: ct);

    private static async Task<IReadOnlyList<V1ConfigMap>> EventuallyAsync(
        Func<IReadOnlyList<V1ConfigMap>> read, Func<IReadOnlyList<V1ConfigMap>, bool> done, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            var list = read();
            if (done(list))
            {
                return list;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
