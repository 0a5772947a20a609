using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.PackageDocs.Caching;

/// <summary>Fills the cache for a list of keys (the curated packages) at start, a bounded number at a time.</summary>
public sealed partial class CacheWarmer(IAnswerCache cache, ILogger<CacheWarmer> logger)
{
    /// <summary>
    /// Looks every key up through the cache (a key already cached and fresh costs no fetch), at most
    /// <paramref name="maxParallel"/> at once. A failing key is reported, never thrown.
    /// </summary>
    public async Task<WarmupReport> WarmAsync<T>(
        IReadOnlyList<string> keys, Func<string, CancellationToken, Task<T>> fetch, int maxParallel, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        var warmed = 0;
        var failures = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxParallel, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(keys.Distinct(StringComparer.Ordinal), parallel, async (key, ct) =>
        {
            try
            {
                await cache.GetOrRefreshAsync(key, c => fetch(key, c), ct).ConfigureAwait(false);
                Interlocked.Increment(ref warmed);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                failures[key] = e.Message;
            }
        }).ConfigureAwait(false);

        LogWarmed(warmed, failures.Count);
        return new WarmupReport(warmed, failures);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cache warm-up: {Warmed} keys warmed, {Failed} failed")]
    private partial void LogWarmed(int warmed, int failed);
}
