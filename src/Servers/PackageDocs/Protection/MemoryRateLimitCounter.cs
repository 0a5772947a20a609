using System.Collections.Concurrent;

namespace DynamoMcp.PackageDocs.Protection;

/// <summary>Counters in process memory; a subject's counter starts over when a new window begins.</summary>
public sealed class MemoryRateLimitCounter : IRateLimitCounter
{
    private const int SweepAbove = 100_000;
    private readonly ConcurrentDictionary<string, WindowCount> counts = new(StringComparer.Ordinal);

    public Task<long> IncrementAsync(string subject, DateTimeOffset windowStart, TimeSpan window, CancellationToken cancellationToken)
    {
        var count = counts.GetOrAdd(subject, static _ => new WindowCount());
        long result;
        lock (count)
        {
            if (count.Start != windowStart)
            {
                (count.Start, count.Count) = (windowStart, 0);
            }

            result = ++count.Count;
        }

        if (counts.Count > SweepAbove)
        {
            // Many clients came and went (anonymous callers by IP): forget the counters of windows that are over.
            foreach (var (key, value) in counts)
            {
                if (value.Start < windowStart)
                {
                    counts.TryRemove(new KeyValuePair<string, WindowCount>(key, value));
                }
            }
        }

        return Task.FromResult(result);
    }

    private sealed class WindowCount
    {
        public DateTimeOffset Start { get; set; }

        public long Count { get; set; }
    }
}
