using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>
/// <see cref="IResourceCache"/> over the controller runtime's <see cref="Informer{T}"/> (list, watch with bookmarks,
/// relist on 410 Gone), so the bridge and the operator keep one list/watch implementation. The bridge's views read
/// JSON; each typed object is turned into JSON once, the first time it is read or changes.
/// </summary>
public sealed class InformerResourceCache<T> : IResourceCache where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Informer<T> _informer;
    private readonly ConditionalWeakTable<T, CachedResource> _json = new();

    // Sorted lists per namespace, kept until anything changes: list_templates and the resources read the same
    // namespace over and over while templates change a few times a day. The informer updates its cache before it
    // raises the event that bumps the generation, so a list stored under a generation is never older than it.
    private readonly ConcurrentDictionary<string, (long Generation, IReadOnlyList<CachedResource> Items)> _lists = new(StringComparer.Ordinal);
    private long _generation;

    public InformerResourceCache(Informer<T> informer)
    {
        _informer = informer;
        _informer.AddEventHandler(new ResourceEventHandler<T>(
            onAdd: obj => Raise(CacheEventType.Added, obj),
            onUpdate: (_, obj) => Raise(CacheEventType.Modified, obj),
            onDelete: obj => Raise(CacheEventType.Deleted, obj)));
    }

    public event Action<CacheEvent>? Changed;

    public bool IsSynced => _informer.HasSynced;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _informer.WaitForSyncAsync(cancellationToken);

    public IReadOnlyList<CachedResource> List(string? @namespace)
    {
        var key = @namespace ?? "";
        var generation = Interlocked.Read(ref _generation);
        if (_lists.TryGetValue(key, out var list) && list.Generation == generation)
        {
            return list.Items;
        }

        CachedResource[] items =
        [
            .. _informer.Cache.List(@namespace)
                .Select(ToCached)
                .OrderBy(r => r.Namespace, StringComparer.Ordinal)
                .ThenBy(r => r.Name, StringComparer.Ordinal),
        ];
        _lists[key] = (generation, items);
        return items;
    }

    public CachedResource? Get(string @namespace, string name) =>
        _informer.Cache.Get(new ObjectKey(@namespace, name)) is { } obj ? ToCached(obj) : null;

    // The informer catches and logs what a handler throws; handlers here are the bridge's own and quick.
    private void Raise(CacheEventType type, T obj)
    {
        Interlocked.Increment(ref _generation);
        Changed?.Invoke(new CacheEvent(type, ToCached(obj)));
    }

    private CachedResource ToCached(T obj) => _json.GetValue(obj, static o =>
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(o))!.AsObject();
        return new CachedResource(o.Metadata.NamespaceProperty ?? "", o.Metadata.Name, o.Metadata.ResourceVersion ?? "", json);
    });
}
