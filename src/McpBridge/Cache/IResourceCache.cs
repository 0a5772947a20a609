using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>
/// A read-only, always-current view of one kind across all namespaces, fed by list + watch, holding the typed
/// resources themselves. Returned objects are shared with the cache and with every reader: never mutate them.
/// </summary>
public interface IResourceCache<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    bool IsSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>The objects of <paramref name="namespace"/> (null: all), sorted by namespace then name; the same list until the cache changes.</summary>
    IReadOnlyList<T> List(string? @namespace);

    T? Get(string @namespace, string name);

    /// <summary>Raised after the cache changed, on the watch thread: handlers must be quick and must not throw.</summary>
    event Action<CacheEvent<T>>? Changed;
}
