using System.Collections.Immutable;
using DynamoMcp.LocalCluster.Faults;
using DynamoMcp.LocalCluster.Resources;
using DynamoMcp.LocalCluster.Watch;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Storage;

/// <summary>
/// Every object of every kind, in memory (immutable sorted tables, so lists and paginated snapshots are free)
/// and persisted through <see cref="SqlitePersistence"/>. Writes are read-modify-write decisions taken under
/// one lock that also stamps the resourceVersion, appends to the bounded watch history and offers the event
/// to watchers without waiting on them.
/// </summary>
internal sealed class ObjectStore : IAsyncDisposable
{
    private static readonly ImmutableSortedDictionary<string, StoredObject> EmptyTable = ImmutableSortedDictionary.Create<string, StoredObject>(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ImmutableSortedDictionary<string, StoredObject>> _tables = new(StringComparer.Ordinal);
    private readonly WatchEvent[] _history;
    private readonly SqlitePersistence _persistence;
    private readonly FaultInjector _faults;
    private int _historyStart;
    private int _historyCount;
    private long _revision;
    private long _compactedRevision;
    private ImmutableArray<WatchSubscription> _subscribers = [];

    private ObjectStore(SqlitePersistence persistence, int historySize, FaultInjector faults)
    {
        _persistence = persistence;
        _history = new WatchEvent[Math.Max(1, historySize)];
        _faults = faults;
    }

    public static async Task<ObjectStore> OpenAsync(string? dataDirectory, int historySize, FaultInjector faults, ILogger logger, CancellationToken cancellationToken)
    {
        var persistence = await SqlitePersistence.OpenAsync(dataDirectory, logger, cancellationToken);
        var store = new ObjectStore(persistence, historySize, faults);
        var (rows, revision) = await persistence.LoadAsync(cancellationToken);
        foreach (var (key, json, rv) in rows)
        {
            var obj = StoredObject.FromBytes(json, rv);
            store._tables[key] = store.Table(key).SetItem(obj.Key, obj);
        }
        store._revision = revision;
        // History does not survive a restart: watches from before it get 410 and relist.
        store._compactedRevision = revision;
        faults.RevisionSource = () => store.Revision;
        return store;
    }

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    public StoredObject? Get(string storageKey, string @namespace, string name)
    {
        lock (_gate)
        {
            return Table(storageKey).GetValueOrDefault(StoredObject.KeyOf(@namespace, name));
        }
    }

    /// <summary>Every object of a kind at one revision.</summary>
    public (ImmutableSortedDictionary<string, StoredObject> Items, long Revision) Snapshot(string storageKey)
    {
        lock (_gate)
        {
            return (Table(storageKey), _revision);
        }
    }

    /// <summary>Storage keys that hold at least one object.</summary>
    public IReadOnlyList<string> StorageKeys()
    {
        lock (_gate)
        {
            return [.. _tables.Where(t => !t.Value.IsEmpty).Select(t => t.Key)];
        }
    }

    /// <summary>
    /// Evaluates <paramref name="decide"/> against the current object under the write lock and applies its decision.
    /// <paramref name="decide"/> may throw <see cref="ApiException"/> to refuse the write.
    /// </summary>
    public async Task<WriteOutcome> WriteAsync(string storageKey, string @namespace, string name,
        Func<StoredObject?, WriteDecision> decide, bool dryRun = false)
    {
        Task committed;
        WriteOutcome outcome;
        lock (_gate)
        {
            var table = Table(storageKey);
            var key = StoredObject.KeyOf(@namespace, name);
            var current = table.GetValueOrDefault(key);
            var decision = decide(current);
            switch (decision)
            {
                case WriteDecision.Put put when dryRun:
                    return new WriteOutcome(StoredObject.FromJson(put.Object, current?.Revision ?? 0), current is null, false, true);
                case WriteDecision.Remove remove when dryRun:
                    return new WriteOutcome(StoredObject.FromJson(remove.LastState, current?.Revision ?? 0), false, true, true);
                case WriteDecision.Put put:
                    {
                        var stored = StoredObject.FromJson(put.Object, ++_revision);
                        _tables[storageKey] = table.SetItem(key, stored);
                        Publish(new WatchEvent(current is null ? "ADDED" : "MODIFIED", storageKey, stored, current));
                        committed = _persistence.Enqueue(new PersistOperation(storageKey, @namespace, name, stored.Revision, stored.Json));
                        outcome = new WriteOutcome(stored, current is null, false, true);
                        break;
                    }
                case WriteDecision.Remove remove:
                    {
                        if (current is null)
                        {
                            return new WriteOutcome(null, false, false, false);
                        }
                        var last = StoredObject.FromJson(remove.LastState, ++_revision);
                        _tables[storageKey] = table.Remove(key);
                        Publish(new WatchEvent("DELETED", storageKey, last));
                        committed = _persistence.Enqueue(new PersistOperation(storageKey, @namespace, name, last.Revision, null));
                        outcome = new WriteOutcome(last, false, true, true);
                        break;
                    }
                default:
                    return new WriteOutcome(current, false, false, false);
            }
        }
        await committed.ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Removes an object unconditionally (garbage collection, CRD and namespace cleanup).</summary>
    public Task<WriteOutcome> RemoveAsync(string storageKey, string @namespace, string name) =>
        WriteAsync(storageKey, @namespace, name, current => current is null ? WriteDecision.NoChange : new WriteDecision.Remove(current.ToJson()));

    /// <summary>
    /// Starts a watch. With <paramref name="fromRevision"/> the events after it are replayed from history
    /// (410 when they are no longer kept); without, <paramref name="initial"/> receives the current objects,
    /// taken atomically with the subscription so nothing is missed or seen twice.
    /// </summary>
    public WatchSubscription Subscribe(string? storageKey, long? fromRevision, out ImmutableSortedDictionary<string, StoredObject>? initial, out long revision)
    {
        var subscription = new WatchSubscription(storageKey, Unsubscribe);
        lock (_gate)
        {
            revision = _revision;
            initial = null;
            if (fromRevision is { } from)
            {
                var compacted = Math.Max(_compactedRevision, _faults.ForcedCompactionRevision);
                if (from < compacted)
                {
                    throw StatusBodies.Gone($"too old resource version: {from} ({compacted})");
                }
                for (var i = 0; i < _historyCount; i++)
                {
                    var e = _history[(_historyStart + i) % _history.Length];
                    if (e.Revision > from)
                    {
                        subscription.Offer(e);
                    }
                }
            }
            else if (storageKey is not null)
            {
                initial = Table(storageKey);
            }
            _subscribers = _subscribers.Add(subscription);
        }
        return subscription;
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscription);
        }
    }

    private void Publish(WatchEvent e)
    {
        if (_historyCount < _history.Length)
        {
            _history[(_historyStart + _historyCount) % _history.Length] = e;
            _historyCount++;
        }
        else
        {
            _history[_historyStart] = e;
            _historyStart = (_historyStart + 1) % _history.Length;
            _compactedRevision = _history[_historyStart].Revision - 1;
        }
        foreach (var s in _subscribers)
        {
            s.Offer(e);
        }
    }

    private ImmutableSortedDictionary<string, StoredObject> Table(string storageKey) =>
        _tables.TryGetValue(storageKey, out var t) ? t : EmptyTable;

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                s.Complete();
            }
        }
        return _persistence.DisposeAsync();
    }
}
