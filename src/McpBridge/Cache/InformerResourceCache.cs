using System.Collections.Concurrent;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>
/// <see cref="IResourceCache{T}"/> over the controller runtime's <see cref="Informer{T}"/> (list, watch with bookmarks,
/// relist on 410 Gone), so the bridge and the operator keep one list/watch implementation and read the same typed
/// objects. Adds what the bridge's tools need on top: sorted lists per namespace, reused until anything changes.
/// </summary>
public sealed class InformerResourceCache<T> : IResourceCache<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly IComparer<T> ByNamespaceThenName = Comparer<T>.Create((a, b) =>
    {
        var byNamespace = string.CompareOrdinal(a.Metadata.NamespaceProperty, b.Metadata.NamespaceProperty);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
    });

    // Sorted lists per namespace, kept until anything changes: list_templates and the resources read the same
    // namespace over and over while templates change a few times a day. The informer updates its cache before it
    // raises the event that bumps the generation, so a list stored under a generation is never older than it.
    private readonly ConcurrentDictionary<string, (long Generation, IReadOnlyList<T> Items)> _lists = new(StringComparer.Ordinal);
    private long _generation;

    public InformerResourceCache(Informer<T> informer)
    {
        Informer = informer;
        Informer.AddEventHandler(new ResourceEventHandler<T>(
            onAdd: obj => Raise(CacheEventType.Added, obj),
            onUpdate: (_, obj) => Raise(CacheEventType.Modified, obj),
            onDelete: obj => Raise(CacheEventType.Deleted, obj)));
    }

    public event Action<CacheEvent<T>>? Changed;

    /// <summary>The runtime's informer behind this cache.</summary>
    public Informer<T> Informer { get; }

    /// <summary>The runtime's typed store, for lookups beyond namespace/name (by owner, label, index).</summary>
    public IReadOnlyCache<T> Store => Informer.Cache;

    public bool IsSynced => Informer.HasSynced;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Informer.WaitForSyncAsync(cancellationToken);

    public IReadOnlyList<T> List(string? @namespace)
    {
        var key = @namespace ?? "";
        var generation = Interlocked.Read(ref _generation);
        if (_lists.TryGetValue(key, out var list) && list.Generation == generation)
        {
            return list.Items;
        }

        var items = Informer.Cache.List(@namespace).ToArray();
        Array.Sort(items, ByNamespaceThenName);
        _lists[key] = (generation, items);
        return items;
    }

    public T? Get(string @namespace, string name) => Informer.Cache.Get(new ObjectKey(@namespace, name));

    // The informer catches and logs what a handler throws; handlers here are the bridge's own and quick.
    private void Raise(CacheEventType type, T obj)
    {
        Interlocked.Increment(ref _generation);
        Changed?.Invoke(new CacheEvent<T>(type, obj));
    }
}
