using System.Diagnostics.Metrics;

namespace DynamoMcp.PackageDocs.Caching;

/// <summary>The cache's instruments on the meter "DynamoMcp.PackageDocs", and the same counts kept for <see cref="Snapshot"/>.</summary>
public sealed class AnswerCacheMetrics : IDisposable
{
    public const string MeterName = "DynamoMcp.PackageDocs";

    private readonly Meter meter;
    private readonly Counter<long> hits;
    private readonly Counter<long> misses;
    private readonly Counter<long> staleServes;
    private readonly Counter<long> refreshFailures;
    private long hitCount;
    private long missCount;
    private long staleCount;
    private long failureCount;

    public AnswerCacheMetrics(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        hits = meter.CreateCounter<long>("packagedocs.cache.hits", "{lookup}", "Answers served fresh from the cache.");
        misses = meter.CreateCounter<long>("packagedocs.cache.misses", "{lookup}", "Lookups that waited for the registry.");
        staleServes = meter.CreateCounter<long>("packagedocs.cache.stale_serves", "{lookup}", "Answers served older than the refresh interval.");
        refreshFailures = meter.CreateCounter<long>("packagedocs.cache.refresh_failures", "{fetch}", "Registry fetches that failed.");
        meter.CreateObservableGauge("packagedocs.cache.hit_rate", () => Snapshot.HitRate, description: "(hits + stale serves) / lookups.");
    }

    /// <summary>The meter the instruments are on (for a listener that wants exactly these).</summary>
    public Meter Meter => meter;

    public CacheMetricsSnapshot Snapshot => new(
        Interlocked.Read(ref hitCount), Interlocked.Read(ref missCount), Interlocked.Read(ref staleCount), Interlocked.Read(ref failureCount));

    internal void Hit()
    {
        Interlocked.Increment(ref hitCount);
        hits.Add(1);
    }

    internal void Miss()
    {
        Interlocked.Increment(ref missCount);
        misses.Add(1);
    }

    internal void StaleServe()
    {
        Interlocked.Increment(ref staleCount);
        staleServes.Add(1);
    }

    internal void RefreshFailure()
    {
        Interlocked.Increment(ref failureCount);
        refreshFailures.Add(1);
    }

    public void Dispose() => meter.Dispose();
}
