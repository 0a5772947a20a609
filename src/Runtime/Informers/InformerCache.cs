using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Informers;

/// <summary>
/// Thread-safe store by namespace/name with secondary indexes by owner uid and label key=value, plus named indexes
/// (client-go's indexers, controller-runtime's field indexes) that controllers add for their own lookups.
/// </summary>
public sealed class InformerCache<T> : IReadOnlyCache<T> where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectKey, T> _items = new();
    private readonly Dictionary<string, HashSet<ObjectKey>> _byOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<ObjectKey>> _byLabel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Func<T, IEnumerable<string>> Values, Dictionary<string, HashSet<ObjectKey>> Index)> _named = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (_lock)
        {
            return _items.TryGetValue(key, out var item) ? item : default;
        }
    }

    public IReadOnlyList<T> List(string? @namespace = null)
    {
        lock (_lock)
        {
            return @namespace is null
                ? [.. _items.Values]
                : [.. _items.Where(p => p.Key.Namespace == @namespace).Select(p => p.Value)];
        }
    }

    public IReadOnlyList<T> ListByOwner(string ownerUid) => ListByIndex(_byOwner, ownerUid);

    public IReadOnlyList<T> ListByLabel(string key, string value) => ListByIndex(_byLabel, LabelIndexKey(key, value));

    /// <summary>
    /// Adds the index <paramref name="name"/>: every object is filed under each value <paramref name="values"/>
    /// returns for it (for example "namespace/name" of the template a Scaffold uses), now and on every change.
    /// Adding a name twice keeps the first function, so several controllers can ask for the same index.
    /// </summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        lock (_lock)
        {
            if (_named.ContainsKey(name))
            {
                return;
            }

            var index = new Dictionary<string, HashSet<ObjectKey>>(StringComparer.Ordinal);
            _named[name] = (values, index);
            foreach (var (key, obj) in _items)
            {
                foreach (var value in values(obj))
                {
                    Add(index, value, key);
                }
            }
        }
    }

    public bool HasIndex(string name)
    {
        lock (_lock)
        {
            return _named.ContainsKey(name);
        }
    }

    public IReadOnlyList<T> ListByIndex(string name, string value)
    {
        lock (_lock)
        {
            if (!_named.TryGetValue(name, out var named))
            {
                throw new InvalidOperationException($"The {typeof(T).Name} cache has no index '{name}'; add it with AddIndex before reading it.");
            }

            return named.Index.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    /// <summary>Stores <paramref name="obj"/>; returns the object it replaced, if any.</summary>
    public T? Upsert(T obj)
    {
        var key = ObjectKey.From(obj);
        lock (_lock)
        {
            var had = _items.TryGetValue(key, out var old);
            if (had)
            {
                Unindex(key, old!);
            }

            _items[key] = obj;
            Index(key, obj);
            return had ? old : default;
        }
    }

    /// <summary>Removes the object at <paramref name="key"/>; returns it, or default when absent.</summary>
    public T? Remove(ObjectKey key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old))
            {
                return default;
            }

            Unindex(key, old);
            return old;
        }
    }

    /// <summary>Keys currently cached in <paramref name="namespace"/> (null: all).</summary>
    public IReadOnlyList<ObjectKey> Keys(string? @namespace)
    {
        lock (_lock)
        {
            return [.. _items.Keys.Where(k => @namespace is null || k.Namespace == @namespace)];
        }
    }

    private static string LabelIndexKey(string key, string value) => key + "=" + value;

    private static IEnumerable<string> OwnerUids(T obj) =>
        obj.Metadata?.OwnerReferences?.Select(o => o.Uid).Where(u => !string.IsNullOrEmpty(u)) ?? [];

    private static IEnumerable<string> LabelKeys(T obj) =>
        obj.Metadata?.Labels?.Select(l => LabelIndexKey(l.Key, l.Value)) ?? [];

    private IReadOnlyList<T> ListByIndex(Dictionary<string, HashSet<ObjectKey>> index, string indexKey)
    {
        lock (_lock)
        {
            return index.TryGetValue(indexKey, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    private void Index(ObjectKey key, T obj)
    {
        foreach (var uid in OwnerUids(obj))
        {
            Add(_byOwner, uid, key);
        }

        foreach (var label in LabelKeys(obj))
        {
            Add(_byLabel, label, key);
        }

        foreach (var (values, index) in _named.Values)
        {
            foreach (var value in values(obj))
            {
                Add(index, value, key);
            }
        }
    }

    private void Unindex(ObjectKey key, T obj)
    {
        foreach (var uid in OwnerUids(obj))
        {
            Remove(_byOwner, uid, key);
        }

        foreach (var label in LabelKeys(obj))
        {
            Remove(_byLabel, label, key);
        }

        foreach (var (values, index) in _named.Values)
        {
            foreach (var value in values(obj))
            {
                Remove(index, value, key);
            }
        }
    }

    private static void Add(Dictionary<string, HashSet<ObjectKey>> index, string indexKey, ObjectKey key)
    {
        if (!index.TryGetValue(indexKey, out var set))
        {
            index[indexKey] = set = [];
        }

        set.Add(key);
    }

    private static void Remove(Dictionary<string, HashSet<ObjectKey>> index, string indexKey, ObjectKey key)
    {
        if (index.TryGetValue(indexKey, out var set) && set.Remove(key) && set.Count == 0)
        {
            index.Remove(indexKey);
        }
    }
}
