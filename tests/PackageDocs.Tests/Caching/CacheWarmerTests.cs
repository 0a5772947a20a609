using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Tests.Caching.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.PackageDocs.Tests.Caching;

public sealed class CacheWarmerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Warming_fetches_every_key_and_reports_the_failures_by_key()
    {
        using var cache = Cache();
        var keys = Enumerable.Range(0, 10).Select(i => $"pypi:package-{i}:versions").ToArray();
        var warmer = new CacheWarmer(cache, new RecordingLogger<CacheWarmer>());

        var report = await warmer.WarmAsync(
            keys,
            async (key, ct) =>
            {
                await Task.Yield();
                return key.EndsWith("-3:versions", StringComparison.Ordinal) || key.EndsWith("-7:versions", StringComparison.Ordinal)
                    ? throw new HttpRequestException($"{key}: 404 from the registry")
                    : new[] { key };
            },
            maxParallel: 3,
            Ct);

        report.Warmed.Should().Be(8);
        report.Failures.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["pypi:package-3:versions"] = "pypi:package-3:versions: 404 from the registry",
            ["pypi:package-7:versions"] = "pypi:package-7:versions: 404 from the registry",
        });
        cache.Metrics.Misses.Should().Be(10);
    }

    [Fact]
    public async Task Warming_runs_at_most_the_bound_at_once_and_afterwards_the_keys_are_hits()
    {
        using var cache = Cache();
        var keys = Enumerable.Range(0, 12).Select(i => $"npm:package-{i}:versions").ToArray();
        var (running, peak) = (0, 0);
        var warmer = new CacheWarmer(cache, new RecordingLogger<CacheWarmer>());

        var report = await warmer.WarmAsync(
            keys,
            async (key, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Yield();
                Interlocked.Decrement(ref running);
                return key;
            },
            maxParallel: 3,
            Ct);
        var answers = await Task.WhenAll(keys.Select(k => cache.GetOrRefreshAsync(k, _ => Task.FromResult("refetched"), Ct)));

        report.Should().BeEquivalentTo(new { Warmed = 12, Failed = 0 });
        peak.Should().BeInRange(1, 3);
        answers.Select(a => a.Value).Should().Equal(keys);
        cache.Metrics.Hits.Should().Be(12);
    }

    [Fact]
    public async Task A_duplicated_key_is_warmed_once()
    {
        using var cache = Cache();
        var fetches = 0;
        var report = await new CacheWarmer(cache, new RecordingLogger<CacheWarmer>()).WarmAsync(
            ["a", "a", "b"], (key, _) => Task.FromResult(Interlocked.Increment(ref fetches)), maxParallel: 2, Ct);

        (report.Warmed, fetches).Should().Be((2, 2));
    }

    private AnswerCache Cache() =>
        new(new MemoryAnswerStore(100), new AnswerCacheOptions(), time, new AnswerCacheMetrics(), new RecordingLogger<AnswerCache>());

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
