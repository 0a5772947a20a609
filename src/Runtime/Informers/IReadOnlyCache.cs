using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Informers;

/// <summary>
/// What reconcilers read instead of the API. Returned objects are shared with the cache: treat them as
/// read-only (the controller hands reconcilers a private copy).
/// </summary>
public interface IReadOnlyCache<T> where T : IKubernetesObject<V1ObjectMeta>
{
    int Count { get; }

    T? Get(ObjectKey key);

    /// <summary>All cached objects, or those in <paramref name="namespace"/>.</summary>
    IReadOnlyList<T> List(string? @namespace = null);

    /// <summary>Objects with an ownerReference to <paramref name="ownerUid"/>.</summary>
    IReadOnlyList<T> ListByOwner(string ownerUid);

    /// <summary>Objects labelled <paramref name="key"/>=<paramref name="value"/>.</summary>
    IReadOnlyList<T> ListByLabel(string key, string value);

    /// <summary>Objects filed under <paramref name="value"/> in the named index (see <see cref="InformerCache{T}.AddIndex"/>); throws for an index never added.</summary>
    IReadOnlyList<T> ListByIndex(string name, string value);
}
