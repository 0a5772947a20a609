using System.Collections.Immutable;

namespace DynamoMcp.LocalCluster.Resources;

/// <summary>
/// Which kinds are served right now: the built-ins plus one entry per established CRD.
/// Readers see an immutable snapshot; CRD changes swap it.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, ResourceType> _byStorageKey;

    public ResourceRegistry()
    {
        _byStorageKey = BuiltInResources.All.ToImmutableDictionary(t => t.StorageKey);
    }

    public IEnumerable<ResourceType> All => _byStorageKey.Values;

    public ResourceType? ByStorageKey(string key) => _byStorageKey.GetValueOrDefault(key);

    /// <summary>The kind served at <c>{group}/{version}/{plural}</c>, or null.</summary>
    public ResourceType? Find(string group, string version, string plural)
    {
        var type = _byStorageKey.GetValueOrDefault($"{group}/{plural}");
        return type is not null && type.Versions.Contains(version) ? type : null;
    }

    public ResourceType? FindByKind(string group, string version, string kind) =>
        _byStorageKey.Values.FirstOrDefault(t => t.Group == group && t.Kind == kind && t.Versions.Contains(version));

    /// <summary>Groups and their versions, preferred version first, core ("") excluded.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        return [.. _byStorageKey.Values
            .Where(t => t.Group.Length > 0)
            .GroupBy(t => t.Group)
            .OrderBy(g => GroupOrder(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.SelectMany(t => t.Versions).Distinct().OrderBy(VersionPriority.SortKey)]))];
    }

    public IEnumerable<ResourceType> InGroupVersion(string group, string version) =>
        _byStorageKey.Values.Where(t => t.Group == group && t.Versions.Contains(version)).OrderBy(t => t.Plural, StringComparer.Ordinal);

    public void Register(ResourceType type)
    {
        lock (_gate)
        {
            _byStorageKey = _byStorageKey.SetItem(type.StorageKey, type);
        }
    }

    public void Unregister(string storageKey)
    {
        lock (_gate)
        {
            _byStorageKey = _byStorageKey.Remove(storageKey);
        }
    }

    // Built-in groups first (as apiserver lists them), custom groups after.
    private static int GroupOrder(string group) => group.Contains('.', StringComparison.Ordinal) && !group.EndsWith(".k8s.io", StringComparison.Ordinal) ? 1 : 0;
}
