using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.PackageDocs.Caching;

/// <summary>
/// The stale-while-revalidate cache over an <see cref="IAnswerStore"/>. Values are kept as JSON (web defaults), so a caller
/// never holds the cached object itself. Every fetch of a key is single-flight: concurrent misses and refreshes share one.
/// </summary>
public sealed partial class AnswerCache : IAnswerCache, IDisposable
{
    private readonly IAnswerStore store;
    private readonly AnswerCacheOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<AnswerCache> logger;
    private readonly AnswerCacheMetrics metrics;
    private readonly ConcurrentDictionary<string, Task<StoredAnswer>> inflight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task<string>>> fetchers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastFailure = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationToken stoppingToken;
    private int disposed;

    public AnswerCache(IAnswerStore store, AnswerCacheOptions options, TimeProvider time, AnswerCacheMetrics metrics, ILogger<AnswerCache> logger)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        (this.store, this.options, this.time, this.metrics, this.logger) = (store, options, time, metrics, logger);
        // Kept apart from the source: a fetch that ends after disposal still reads its (cancelled) token.
        stoppingToken = stopping.Token;
    }

    public static JsonSerializerOptions Json { get; } = JsonSerializerOptions.Web;

    public CacheMetricsSnapshot Metrics => metrics.Snapshot;

    /// <summary>The keys whose fetch this cache remembers for <see cref="RefreshDueAsync"/> (at most the memory capacity).</summary>
    public IReadOnlyCollection<string> TrackedKeys => fetchers.Keys.ToArray();

    public async Task<CachedAnswer<T>> GetOrRefreshAsync<T>(string key, Func<CancellationToken, Task<T>> fetch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var fetchJson = Track(key, fetch);
        var stored = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (stored is not null)
        {
            var age = Age(stored, now);
            if (age < options.RefreshInterval)
            {
                metrics.Hit();
                return Answer<T>(stored, stale: false, age);
            }

            if (age < options.MaxStaleAge)
            {
                metrics.StaleServe();
                RefreshInBackground(key, fetchJson, now);
                return Answer<T>(stored, stale: true, age);
            }

            LogBeyondMaxStale(key, age);
        }

        // Joined before it is counted: a miss that is counted shares the flight (what the single-flight tests wait for).
        var flight = Refresh(key, fetchJson);
        metrics.Miss();
        var fetched = await flight.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Answer<T>(fetched, stale: false, Age(fetched, time.GetUtcNow()));
    }

    public async Task<RefreshReport> RefreshDueAsync(CancellationToken cancellationToken)
    {
        var (refreshed, failed) = (0, 0);
        foreach (var (key, fetch) in fetchers.ToArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stored = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (stored is not null && Age(stored, time.GetUtcNow()) < options.RefreshInterval)
            {
                continue;
            }

            try
            {
                await Refresh(key, fetch).WaitAsync(cancellationToken).ConfigureAwait(false);
                refreshed++;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                failed++; // Counted and logged where the fetch failed.
            }
        }

        return new RefreshReport(refreshed, failed);
    }

    /// <summary>Completes when the fetch running for <paramref name="key"/> (if any) has ended, whatever its outcome.</summary>
    public Task WhenRefreshedAsync(string key) =>
        inflight.TryGetValue(key, out var running)
            ? running.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            : Task.CompletedTask;

    /// <summary>Cancels the fetches still running. Safe to call more than once (a container may hold this under two services).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            stopping.Cancel();
            stopping.Dispose();
        }
    }

    private Func<CancellationToken, Task<string>> Track<T>(string key, Func<CancellationToken, Task<T>> fetch)
    {
        async Task<string> FetchJson(CancellationToken ct) => JsonSerializer.Serialize(await fetch(ct).ConfigureAwait(false), Json);

        // The newest fetch of a key wins; past the capacity, new keys are served but not refreshed ahead of time.
        if (fetchers.ContainsKey(key) || fetchers.Count < options.MemoryCapacity)
        {
            fetchers[key] = FetchJson;
        }

        return FetchJson;
    }

    private void RefreshInBackground(string key, Func<CancellationToken, Task<string>> fetch, DateTimeOffset now)
    {
        if (lastFailure.TryGetValue(key, out var failedAt) && now - failedAt < options.FailedRefreshBackoff)
        {
            return;
        }

        // Observed here so that a failure (already counted and logged) never surfaces as an unobserved task exception.
        _ = Refresh(key, fetch).ContinueWith(
            static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private Task<StoredAnswer> Refresh(string key, Func<CancellationToken, Task<string>> fetch)
    {
        while (true)
        {
            if (inflight.TryGetValue(key, out var running))
            {
                return running;
            }

            var completion = new TaskCompletionSource<StoredAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (inflight.TryAdd(key, completion.Task))
            {
                _ = RunFetchAsync(key, fetch, completion);
                return completion.Task;
            }
        }
    }

    private async Task RunFetchAsync(string key, Func<CancellationToken, Task<string>> fetch, TaskCompletionSource<StoredAnswer> completion)
    {
        StoredAnswer? fetched = null;
        Exception? error = null;
        try
        {
            // Off the caller's thread: a stale serve must not wait for a fetch that happens to run synchronously.
            await Task.Yield();
            var json = await fetch(stoppingToken).ConfigureAwait(false);
            fetched = new StoredAnswer(json, time.GetUtcNow());
            await store.SetAsync(key, fetched, stoppingToken).ConfigureAwait(false);
            lastFailure.TryRemove(key, out _);
        }
        catch (Exception e)
        {
            error = e;
            metrics.RefreshFailure();
            lastFailure[key] = time.GetUtcNow();
            LogFetchFailed(e, key, e.Message);
        }
        finally
        {
            inflight.TryRemove(new KeyValuePair<string, Task<StoredAnswer>>(key, completion.Task));
        }

        if (error is not null)
        {
            completion.SetException(error);
        }
        else
        {
            completion.SetResult(fetched!);
        }
    }

    private static TimeSpan Age(StoredAnswer stored, DateTimeOffset now) => now > stored.FetchedAt ? now - stored.FetchedAt : TimeSpan.Zero;

    private static CachedAnswer<T> Answer<T>(StoredAnswer stored, bool stale, TimeSpan age) =>
        new(JsonSerializer.Deserialize<T>(stored.Json, Json)!, stale, age, stored.FetchedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching {Key} for the cache failed: {Error}")]
    private partial void LogFetchFailed(Exception exception, string key, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The cached answer for {Key} is {Age} old, past the max-stale age: fetching it now")]
    private partial void LogBeyondMaxStale(string key, TimeSpan age);
}
