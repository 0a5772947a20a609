using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Tests.Caching.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.PackageDocs.Tests.Caching;

public sealed class CacheRefresherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AnswerCacheOptions options = new() { RefreshInterval = TimeSpan.FromHours(6), RefresherPeriod = TimeSpan.FromMinutes(10) };

    [Fact]
    public async Task On_its_tick_the_refresher_refetches_the_answers_past_the_interval()
    {
        using var cache = new AnswerCache(new MemoryAnswerStore(100), options, time, new AnswerCacheMetrics(), new RecordingLogger<AnswerCache>());
        var registry = new ScriptedFetch();
        await cache.GetOrRefreshAsync("pypi:celery:versions", registry.FetchAsync, Ct);
        using var refresher = new CacheRefresher(cache, options, time, new RecordingLogger<CacheRefresher>());
        var pass = new TaskCompletionSource<RefreshReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        refresher.PassCompleted += report => pass.TrySetResult(report);
        await refresher.StartAsync(Ct);
        registry.Answer = ["5.5.0"];

        // Past the interval and at a tick of the period: one pass, which finds the answer due.
        time.Advance(TimeSpan.FromHours(6) + TimeSpan.FromMinutes(10));
        var report = await pass.Task.WaitAsync(Ct);
        await refresher.StopAsync(Ct);
        var answer = await cache.GetOrRefreshAsync("pypi:celery:versions", registry.FetchAsync, Ct);

        report.Should().Be(new RefreshReport(Refreshed: 1, Failed: 0));
        answer.Should().BeEquivalentTo(new { Value = new List<string> { "5.5.0" }, Stale = false });
        registry.Calls.Should().Be(2);
    }

    [Fact]
    public async Task A_tick_before_the_interval_refetches_nothing()
    {
        using var cache = new AnswerCache(new MemoryAnswerStore(100), options, time, new AnswerCacheMetrics(), new RecordingLogger<AnswerCache>());
        var registry = new ScriptedFetch();
        await cache.GetOrRefreshAsync("npm:pinia:versions", registry.FetchAsync, Ct);
        using var refresher = new CacheRefresher(cache, options, time, new RecordingLogger<CacheRefresher>());
        var pass = new TaskCompletionSource<RefreshReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        refresher.PassCompleted += report => pass.TrySetResult(report);
        await refresher.StartAsync(Ct);

        time.Advance(TimeSpan.FromMinutes(10));
        var report = await pass.Task.WaitAsync(Ct);
        await refresher.StopAsync(Ct);

        report.Should().Be(new RefreshReport(Refreshed: 0, Failed: 0));
        registry.Calls.Should().Be(1);
    }
}
