namespace DynamoMcp.Runtime.Events;

/// <summary>
/// Deduplicates events like client-go's EventCorrelator: the same object/type/reason/message within
/// <see cref="Window"/> of the last occurrence becomes a count bump of the existing Event instead of a new one.
/// Bounded (least recently seen evicted first) so a flood of distinct messages cannot grow it without limit.
/// </summary>
public sealed class EventCorrelator(TimeProvider time, TimeSpan? window = null, int capacity = 4096)
{
    private readonly Dictionary<EventKey, LinkedListNode<(EventKey Key, EventObservation Last)>> _entries = new();
    private readonly LinkedList<(EventKey Key, EventObservation Last)> _recency = new();
    private readonly Lock _lock = new();

    public TimeSpan Window { get; } = window ?? TimeSpan.FromMinutes(10);

    public EventObservation Observe(EventKey key)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node) && now - node.Value.Last.LastTimestamp <= Window)
            {
                var bumped = node.Value.Last with { IsNew = false, Count = node.Value.Last.Count + 1, LastTimestamp = now };
                _recency.Remove(node);
                node.Value = (key, bumped);
                _recency.AddFirst(node);
                return bumped;
            }

            if (node is not null)
            {
                _recency.Remove(node);
            }

            // client-go names events <object>.<hex nanoseconds> so they sort by time and never collide for one object.
            var name = $"{key.InvolvedName}.{(now.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000)):x}";
            var created = new EventObservation(true, name, 1, now, now);
            _entries[key] = _recency.AddFirst((key, created));
            while (_entries.Count > capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            return created;
        }
    }

    /// <summary>Forgets <paramref name="key"/> (its Event vanished), so the next occurrence creates a new one.</summary>
    public void Forget(EventKey key)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var node))
            {
                _recency.Remove(node);
            }
        }
    }
}
