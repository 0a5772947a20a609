namespace DynamoMcp.McpBridge.Cache;

/// <summary>
/// A read-only, always-current view of one kind across all namespaces, fed by list + watch.
/// Kept as an interface so the bridge can move onto the operator runtime's informer without touching tools.
/// </summary>
public interface IResourceCache
{
    bool IsSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    IReadOnlyList<CachedResource> List(string? @namespace);

    CachedResource? Get(string @namespace, string name);

    /// <summary>Raised after the cache changed, on the watch thread: handlers must be quick and must not throw.</summary>
    event Action<CacheEvent>? Changed;
}
