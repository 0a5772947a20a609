namespace DynamoMcp.PackageDocs.Caching;

/// <summary>A stale-while-revalidate cache of registry answers, one fetch per key at a time.</summary>
public interface IAnswerCache
{
    /// <summary>
    /// The answer for <paramref name="key"/>: fresh from the store within the refresh interval; stale (and refreshed in the
    /// background) after it, until the max-stale age; fetched now on a miss or beyond max-stale, when a failing
    /// <paramref name="fetch"/> throws its own error.
    /// </summary>
    Task<CachedAnswer<T>> GetOrRefreshAsync<T>(string key, Func<CancellationToken, Task<T>> fetch, CancellationToken cancellationToken);

    /// <summary>Refreshes every key this cache has served whose stored answer is older than the refresh interval.</summary>
    Task<RefreshReport> RefreshDueAsync(CancellationToken cancellationToken);

    /// <summary>The counters so far, for an endpoint to print.</summary>
    CacheMetricsSnapshot Metrics { get; }
}
