using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Protection;
using DynamoMcp.PackageDocs.Tests.Caching.Fixtures;

namespace DynamoMcp.PackageDocs.Tests.Protection;

/// <summary>The Redis counters against a real redis-server: shared by replicas, expiring, and falling back to memory.</summary>
public sealed class RedisRateLimitCounterTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-03-01T12:00:00Z");
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_replicas_count_into_one_counter_that_expires_after_the_window()
    {
        RedisServerFixture.SkipWhenMissing();
        var options = new ProtectionOptions { RedisKeyPrefix = $"test:{Guid.NewGuid():N}:" };
        var first = Counter(options, out _);
        var second = Counter(options, out _);

        var counts = new[]
        {
            await first.IncrementAsync("ip:10.0.0.1", Noon, Hour, Ct),
            await second.IncrementAsync("ip:10.0.0.1", Noon, Hour, Ct),
            await first.IncrementAsync("ip:10.0.0.1", Noon, Hour, Ct),
            await second.IncrementAsync("ip:10.0.0.1", Noon.AddHours(1), Hour, Ct),
        };
        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync($"{options.RedisKeyPrefix}ip:10.0.0.1:{Noon.ToUnixTimeSeconds()}");

        counts.Should().Equal(1, 2, 3, 1);
        ttl.Should().BeCloseTo(Hour + TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_redis_that_is_down_counts_in_memory_with_one_warning()
    {
        await using var connection = await RedisConnections.ConnectAsync($"127.0.0.1:{RedisServer.FreePort()}", Ct);
        var logger = new RecordingLogger<RedisRateLimitCounter>();
        var counter = new RedisRateLimitCounter(connection, new ProtectionOptions(), new MemoryRateLimitCounter(), logger);

        var counts = new[]
        {
            await counter.IncrementAsync("key:abc", Noon, Hour, Ct),
            await counter.IncrementAsync("key:abc", Noon, Hour, Ct),
        };

        counts.Should().Equal(1, 2);
        counter.Degraded.Should().BeTrue();
        logger.Warnings.Should().ContainSingle().Which.Should().Contain("counted in this replica's memory");
    }

    private RedisRateLimitCounter Counter(ProtectionOptions options, out RecordingLogger<RedisRateLimitCounter> logger)
    {
        logger = new RecordingLogger<RedisRateLimitCounter>();
        return new RedisRateLimitCounter(redis.Connection, options, new MemoryRateLimitCounter(), logger);
    }
}
