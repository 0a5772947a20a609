using System.Text.Json.Nodes;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>One custom resource as last seen by the cache. Never mutate <see cref="Object"/>: readers share it.</summary>
public sealed record CachedResource(string Namespace, string Name, string ResourceVersion, JsonObject Object)
{
    public string Key => Namespace + "/" + Name;
}
