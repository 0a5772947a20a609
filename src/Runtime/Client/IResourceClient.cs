using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Client;

/// <summary>Read, list, watch and write one kind, custom or built-in; what informers, controllers and the child applier need of the API.</summary>
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

    /// <summary>Reads one object from the API (not the cache); null when it does not exist.</summary>
    Task<T?> GetAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="obj"/>; a 409 AlreadyExists surfaces as <see cref="k8s.Autorest.HttpOperationException"/>.</summary>
    Task<T> CreateAsync(T obj, CancellationToken cancellationToken);

    /// <summary>Replaces <paramref name="obj"/> (PUT); its metadata.resourceVersion makes the write conditional.</summary>
    Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the object at <paramref name="key"/>, only if its uid is still <paramref name="uid"/> when given (so a
    /// newer object of the same name survives); false when it was already gone. Dependents are collected in the background.
    /// </summary>
    Task<bool> DeleteAsync(ObjectKey key, string? uid, CancellationToken cancellationToken);

    Task<T> PatchAsync(ObjectKey key, V1Patch patch, CancellationToken cancellationToken);

    Task<T> PatchStatusAsync(ObjectKey key, V1Patch patch, CancellationToken cancellationToken);
}
