using k8s;
using k8s.Models;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>
/// For caches outside /readyz (McpServers, workflows, runs: template tools work without their CRDs): a call that
/// arrives before the cache's first list waits a little for it instead of answering from an empty cache.
/// </summary>
public static class ResourceCacheSync
{
    public static readonly TimeSpan SyncWait = TimeSpan.FromSeconds(10);

    /// <param name="notLoaded">The tool error when the first list has not arrived within <see cref="SyncWait"/>: name the CRD and the right to check.</param>
    public static async Task EnsureSyncedAsync<T>(this IResourceCache<T> cache, string notLoaded, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (cache.IsSynced)
        {
            return;
        }

        try
        {
            await cache.WaitForSyncAsync(cancellationToken).WaitAsync(SyncWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new McpException(notLoaded);
        }
    }
}
