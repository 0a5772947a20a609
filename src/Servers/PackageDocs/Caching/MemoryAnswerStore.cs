namespace DynamoMcp.PackageDocs.Caching;

/// <summary>Answers in process memory, at most <c>capacity</c> of them; the least recently used one goes when a new one needs room.</summary>
public sealed class MemoryAnswerStore(int capacity) : IAnswerStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, StoredAnswer Answer)>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, StoredAnswer Answer)> recency = new();

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The memory store needs room for at least one answer.");

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public Task<StoredAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var node))
            {
                return Task.FromResult<StoredAnswer?>(null);
            }

            recency.Remove(node);
            recency.AddFirst(node);
            return Task.FromResult<StoredAnswer?>(node.Value.Answer);
        }
    }

    public Task SetAsync(string key, StoredAnswer answer, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var existing))
            {
                recency.Remove(existing);
            }
            else if (entries.Count >= Capacity)
            {
                var oldest = recency.Last!;
                recency.RemoveLast();
                entries.Remove(oldest.Value.Key);
            }

            entries[key] = recency.AddFirst((key, answer));
        }

        return Task.CompletedTask;
    }
}
