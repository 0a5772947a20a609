using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>One change of an <see cref="IResourceCache{T}"/>: the object as added or modified, or as last seen before its deletion.</summary>
public sealed record CacheEvent<T>(CacheEventType Type, T Resource) where T : class, IKubernetesObject<V1ObjectMeta>
{
    public string Namespace => Resource.Metadata.NamespaceProperty ?? "";

    public string Name => Resource.Metadata.Name;
}
