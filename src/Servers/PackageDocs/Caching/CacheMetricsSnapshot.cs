namespace DynamoMcp.PackageDocs.Caching;

/// <summary>
/// The cache's counters at one moment. A stale serve counts as a hit for <see cref="HitRate"/>: the caller was answered
/// from the cache without waiting for the registry.
/// </summary>
public sealed record CacheMetricsSnapshot(long Hits, long Misses, long StaleServes, long RefreshFailures)
{
    public long Lookups => Hits + Misses + StaleServes;

    /// <summary>(hits + stale serves) / lookups, 0 before the first lookup.</summary>
    public double HitRate => Lookups == 0 ? 0 : (double)(Hits + StaleServes) / Lookups;
}
