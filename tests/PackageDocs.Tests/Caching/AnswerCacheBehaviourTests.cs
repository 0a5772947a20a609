using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Tests.Caching.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.PackageDocs.Tests.Caching;

/// <summary>The cache's behaviour over one store; run over memory (<see cref="MemoryAnswerCacheTests"/>) and a real Redis.</summary>
public abstract class AnswerCacheBehaviourTests
{
    private const string Key = "pypi:django:versions";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected readonly FakeTimeProvider Time = new(Start);
    protected readonly AnswerCacheOptions Options = new();
    private readonly ScriptedFetch registry = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store of its own for one test.</summary>
    protected abstract IAnswerStore CreateStore();

    private (AnswerCache Cache, AnswerCacheMetrics Metrics) CreateCache(IAnswerStore? store = null)
    {
        var metrics = new AnswerCacheMetrics();
        return (new AnswerCache(store ?? CreateStore(), Options, Time, metrics, new RecordingLogger<AnswerCache>()), metrics);
    }

    [Fact]
    public async Task A_miss_fetches_once_and_a_lookup_within_the_interval_is_a_fresh_hit()
    {
        var (cache, _) = CreateCache();

        var first = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        Time.Advance(TimeSpan.FromHours(5));
        var second = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        first.Should().BeEquivalentTo(new CachedAnswer<List<string>>(["5.1.4", "5.2.0"], false, TimeSpan.Zero, Start));
        second.Should().BeEquivalentTo(new CachedAnswer<List<string>>(["5.1.4", "5.2.0"], false, TimeSpan.FromHours(5), Start));
        registry.Calls.Should().Be(1);
        cache.Metrics.Should().Be(new CacheMetricsSnapshot(Hits: 1, Misses: 1, StaleServes: 0, RefreshFailures: 0));
    }

    [Fact]
    public async Task A_caller_gets_a_copy_that_it_cannot_change_in_the_cache()
    {
        var (cache, _) = CreateCache();
        var first = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        first.Value.Add("9.9.9");
        var second = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        second.Value.Should().Equal("5.1.4", "5.2.0");
    }

    [Fact]
    public async Task After_the_interval_the_old_answer_is_served_stale_and_refreshed_in_the_background()
    {
        var (cache, _) = CreateCache();
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        Time.Advance(TimeSpan.FromHours(7));
        registry.Answer = ["5.1.4", "5.2.0", "5.2.1"];

        var stale = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        await cache.WhenRefreshedAsync(Key);
        var refreshed = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        stale.Should().BeEquivalentTo(new CachedAnswer<List<string>>(["5.1.4", "5.2.0"], true, TimeSpan.FromHours(7), Start));
        refreshed.Should().BeEquivalentTo(new CachedAnswer<List<string>>(["5.1.4", "5.2.0", "5.2.1"], false, TimeSpan.Zero, Start.AddHours(7)));
        registry.Calls.Should().Be(2);
        cache.Metrics.Should().Be(new CacheMetricsSnapshot(Hits: 1, Misses: 1, StaleServes: 1, RefreshFailures: 0));
    }

    [Fact]
    public async Task Concurrent_misses_of_one_key_share_one_fetch()
    {
        var (cache, metrics) = CreateCache();
        using var recorder = new MeasurementRecorder(metrics.Meter);
        registry.Hold();
        const int callers = 25;

        var answers = Enumerable.Range(0, callers).Select(_ => Task.Run(() => cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct), Ct)).ToArray();
        // A miss is counted once its caller has joined the flight: then letting the fetch go cannot start a second one.
        await recorder.WhenTotalAsync("packagedocs.cache.misses", callers).WaitAsync(Ct);
        registry.Release();
        var results = await Task.WhenAll(answers);

        registry.Calls.Should().Be(1);
        results.Should().AllSatisfy(r => r.Value.Should().Equal("5.1.4", "5.2.0"));
        results.Select(r => r.Stale).Should().AllBeEquivalentTo(false);
    }

    [Fact]
    public async Task Concurrent_stale_serves_of_one_key_start_one_background_refresh()
    {
        var (cache, _) = CreateCache();
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        Time.Advance(TimeSpan.FromHours(7));
        registry.Hold();

        // The fetch is held, so the flight of the first stale serve is still running when the last one arrives.
        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => Task.Run(() => cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct), Ct)));
        registry.Release();
        await cache.WhenRefreshedAsync(Key);

        results.Should().AllSatisfy(r => r.Stale.Should().BeTrue());
        registry.Calls.Should().Be(2);
        cache.Metrics.StaleServes.Should().Be(25);
    }

    [Fact]
    public async Task When_the_registry_is_down_the_stale_answer_is_served_marked_stale_not_an_error()
    {
        var (cache, _) = CreateCache();
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        Time.Advance(TimeSpan.FromDays(3));
        registry.Failure = new HttpRequestException("pypi.example answered 503");

        var first = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        await cache.WhenRefreshedAsync(Key);
        Time.Advance(TimeSpan.FromSeconds(30));
        var second = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        first.Should().BeEquivalentTo(new CachedAnswer<List<string>>(["5.1.4", "5.2.0"], true, TimeSpan.FromDays(3), Start));
        second.Stale.Should().BeTrue();
        second.Age.Should().Be(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(30));
        // Within the failed-refresh backoff the second stale serve does not call the registry again.
        registry.Calls.Should().Be(2);
        cache.Metrics.RefreshFailures.Should().Be(1);
    }

    [Fact]
    public async Task After_the_failed_refresh_backoff_a_stale_serve_tries_the_registry_again()
    {
        var (cache, _) = CreateCache();
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        Time.Advance(TimeSpan.FromHours(7));
        registry.Failure = new HttpRequestException("down");
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        await cache.WhenRefreshedAsync(Key);

        Time.Advance(Options.FailedRefreshBackoff);
        registry.Failure = null;
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        await cache.WhenRefreshedAsync(Key);
        var answer = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        registry.Calls.Should().Be(3);
        answer.Stale.Should().BeFalse();
    }

    [Fact]
    public async Task Beyond_the_max_stale_age_a_failing_fetch_is_the_callers_error()
    {
        var (cache, _) = CreateCache();
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        Time.Advance(Options.MaxStaleAge + TimeSpan.FromMinutes(1));
        registry.Failure = new HttpRequestException("pypi.example answered 503");

        var lookup = () => cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        await lookup.Should().ThrowExactlyAsync<HttpRequestException>().WithMessage("pypi.example answered 503");
        cache.Metrics.Should().Be(new CacheMetricsSnapshot(Hits: 0, Misses: 2, StaleServes: 0, RefreshFailures: 1));
    }

    [Fact]
    public async Task Beyond_the_max_stale_age_a_working_fetch_answers_fresh()
    {
        var (cache, _) = CreateCache();
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        Time.Advance(Options.MaxStaleAge);
        registry.Answer = ["6.0.0"];

        var answer = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        answer.Should().BeEquivalentTo(new CachedAnswer<List<string>>(["6.0.0"], false, TimeSpan.Zero, Start + Options.MaxStaleAge));
    }

    [Fact]
    public async Task A_miss_with_a_failing_fetch_throws_and_the_next_lookup_tries_again()
    {
        var (cache, _) = CreateCache();
        registry.Failure = new HttpRequestException("registry.npmjs.example is unreachable");

        var lookup = () => cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        await lookup.Should().ThrowExactlyAsync<HttpRequestException>().WithMessage("registry.npmjs.example is unreachable");
        registry.Failure = null;
        var answer = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        answer.Value.Should().Equal("5.1.4", "5.2.0");
        registry.Calls.Should().Be(2);
    }

    [Fact]
    public async Task The_metrics_count_hits_misses_stale_serves_and_failures_on_the_meter_and_in_the_snapshot()
    {
        var (cache, metrics) = CreateCache();
        using var recorder = new MeasurementRecorder(metrics.Meter);

        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);             // miss
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);             // hit
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);             // hit
        Time.Advance(TimeSpan.FromHours(7));
        registry.Failure = new HttpRequestException("down");
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);             // stale, refresh fails
        await cache.WhenRefreshedAsync(Key);

        cache.Metrics.Should().Be(new CacheMetricsSnapshot(Hits: 2, Misses: 1, StaleServes: 1, RefreshFailures: 1));
        cache.Metrics.HitRate.Should().Be(0.75);
        new[] { "hits", "misses", "stale_serves", "refresh_failures" }.Select(n => recorder.Total($"packagedocs.cache.{n}"))
            .Should().Equal(2, 1, 1, 1);
    }

    [Fact]
    public async Task A_refresh_pass_refetches_only_the_answers_older_than_the_interval()
    {
        var (cache, _) = CreateCache();
        var other = new ScriptedFetch { Answer = ["3.5.0"] };
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        Time.Advance(TimeSpan.FromHours(4));
        await cache.GetOrRefreshAsync("npm:vue:versions", other.FetchAsync, Ct);
        Time.Advance(TimeSpan.FromHours(3));

        var report = await cache.RefreshDueAsync(Ct);
        var answer = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        report.Should().Be(new RefreshReport(Refreshed: 1, Failed: 0));
        (registry.Calls, other.Calls).Should().Be((2, 1));
        answer.Should().BeEquivalentTo(new { Stale = false, Age = TimeSpan.Zero });
    }

    [Fact]
    public async Task A_refresh_pass_counts_a_failing_fetch_and_keeps_the_old_answer()
    {
        var (cache, _) = CreateCache();
        await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);
        Time.Advance(TimeSpan.FromHours(7));
        registry.Failure = new HttpRequestException("down");

        var report = await cache.RefreshDueAsync(Ct);
        var answer = await cache.GetOrRefreshAsync(Key, registry.FetchAsync, Ct);

        report.Should().Be(new RefreshReport(Refreshed: 0, Failed: 1));
        answer.Should().BeEquivalentTo(new { Stale = true, Age = TimeSpan.FromHours(7) });
        answer.Value.Should().Equal("5.1.4", "5.2.0");
    }
}
