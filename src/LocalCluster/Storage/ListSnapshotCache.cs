using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace DynamoMcp.LocalCluster.Storage;

/// <summary>
/// Keeps the table snapshot a paginated list started from, so every page of one list comes from the same
/// revision (as etcd's MVCC gives apiserver). Snapshots expire after a few minutes, then the continue token is 410.
/// </summary>
internal sealed class ListSnapshotCache(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<(string StorageKey, long Revision), (ImmutableSortedDictionary<string, StoredObject> Items, DateTimeOffset Expires)> _snapshots = new();

    public void Keep(string storageKey, long revision, ImmutableSortedDictionary<string, StoredObject> items)
    {
        var now = clock.GetUtcNow();
        foreach (var old in _snapshots.Where(s => s.Value.Expires < now))
        {
            _snapshots.TryRemove(old.Key, out _);
        }
        _snapshots[(storageKey, revision)] = (items, now + Lifetime);
    }

    public ImmutableSortedDictionary<string, StoredObject>? Find(string storageKey, long revision) =>
        _snapshots.TryGetValue((storageKey, revision), out var s) && s.Expires >= clock.GetUtcNow() ? s.Items : null;
}
