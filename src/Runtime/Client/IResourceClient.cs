using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Client;

/// <summary>List, watch and patch one kind, custom or built-in; what informers and controllers need of the API.</summary>
public interface IResourceClient<T> where T : IKubernetesObject<V1ObjectMeta>
{
    ResourceKind Kind { get; }

    /// <summary>Lists <paramref name="namespace"/> (null: all namespaces).</summary>
    Task<ResourceList<T>> ListAsync(string? @namespace, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks. The stream ends when the server ends it;
    /// errors that arrive inside the stream (410 Gone) are passed to <paramref name="onError"/>.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? @namespace, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);

    Task<T> PatchAsync(ObjectKey key, V1Patch patch, CancellationToken cancellationToken);

    Task<T> PatchStatusAsync(ObjectKey key, V1Patch patch, CancellationToken cancellationToken);
}
