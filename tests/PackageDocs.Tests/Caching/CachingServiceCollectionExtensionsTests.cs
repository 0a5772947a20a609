using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Tests.Caching.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DynamoMcp.PackageDocs.Tests.Caching;

public sealed class CachingServiceCollectionExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_redis_the_cache_is_over_the_memory_store_and_answers()
    {
        await using var services = new ServiceCollection().AddLogging().AddMetrics().AddAnswerCache(new AnswerCacheOptions()).BuildServiceProvider();

        var answer = await services.GetRequiredService<IAnswerCache>().GetOrRefreshAsync("k", _ => Task.FromResult(42), Ct);

        services.GetRequiredService<IAnswerStore>().Should().BeOfType<MemoryAnswerStore>();
        services.GetServices<IHostedService>().Should().ContainSingle().Which.Should().BeOfType<CacheRefresher>();
        answer.Value.Should().Be(42);
    }

    [Fact]
    public async Task With_a_redis_that_is_down_the_host_still_starts_and_the_cache_answers_from_memory()
    {
        var redis = new RedisAnswerStoreOptions { Configuration = $"127.0.0.1:{RedisServer.FreePort()}" };
        await using var services = new ServiceCollection().AddLogging().AddAnswerCache(new AnswerCacheOptions(), redis).BuildServiceProvider();

        var cache = services.GetRequiredService<IAnswerCache>();
        await cache.GetOrRefreshAsync("k", _ => Task.FromResult(1), Ct);
        var second = await cache.GetOrRefreshAsync("k", _ => Task.FromResult(2), Ct);

        services.GetRequiredService<IAnswerStore>().Should().BeOfType<RedisAnswerStore>().Which.Degraded.Should().BeTrue();
        second.Value.Should().Be(1);
    }

    [Fact]
    public void Options_with_a_max_stale_age_below_the_interval_stop_the_start_with_the_reason()
    {
        var add = () => new ServiceCollection().AddAnswerCache(new AnswerCacheOptions { MaxStaleAge = TimeSpan.FromHours(1) });

        add.Should().Throw<InvalidOperationException>().WithMessage("Cache:MaxStaleAge (01:00:00) must be at least Cache:RefreshInterval (06:00:00).");
    }
}
