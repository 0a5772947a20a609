using System.Text.Json;
using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Tests.Caching.Fixtures;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.PackageDocs.Tests.Caching;

/// <summary>The Redis store against a real redis-server: its stored form, its prefix and expiry, and its fallback to memory.</summary>
public sealed class RedisAnswerStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_answer_is_kept_in_redis_as_json_with_its_fetch_time_under_the_prefix()
    {
        RedisServerFixture.SkipWhenMissing();
        var prefix = $"test:{Guid.NewGuid():N}:";
        var store = Store(prefix, out _);

        await store.SetAsync("pypi:django:versions", new StoredAnswer("""{"versions":["5.2.0"]}""", At), Ct);
        var raw = await redis.Connection.GetDatabase().StringGetAsync(prefix + "pypi:django:versions");
        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(prefix + "pypi:django:versions");

        using var stored = JsonDocument.Parse(raw.ToString());
        stored.RootElement.GetProperty("fetchedAt").GetDateTimeOffset().Should().Be(At);
        stored.RootElement.GetProperty("value").GetProperty("versions")[0].GetString().Should().Be("5.2.0");
        ttl.Should().BeCloseTo(TimeSpan.FromDays(7), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_second_store_on_the_same_redis_reads_what_the_first_wrote()
    {
        RedisServerFixture.SkipWhenMissing();
        var prefix = $"test:{Guid.NewGuid():N}:";
        await Store(prefix, out _).SetAsync("npm:vue:versions", new StoredAnswer("""["3.5.13"]""", At), Ct);

        // Its own memory is empty: the answer can only come from Redis (another replica's view).
        var read = await Store(prefix, out _).GetAsync("npm:vue:versions", Ct);
        var otherPrefix = await Store($"test:{Guid.NewGuid():N}:", out _).GetAsync("npm:vue:versions", Ct);

        read.Should().Be(new StoredAnswer("""["3.5.13"]""", At));
        otherPrefix.Should().BeNull();
    }

    [Fact]
    public async Task An_entry_in_another_form_reads_as_a_miss()
    {
        RedisServerFixture.SkipWhenMissing();
        var prefix = $"test:{Guid.NewGuid():N}:";
        await redis.Connection.GetDatabase().StringSetAsync(prefix + "k", "not json");

        (await Store(prefix, out _).GetAsync("k", Ct)).Should().BeNull();
        RedisAnswerStore.Parse("""{"fetchedAt":42,"value":1}""").Should().BeNull();
        RedisAnswerStore.Parse("""{"value":1}""").Should().BeNull();
    }

    [Fact]
    public async Task A_redis_that_is_down_from_the_start_degrades_to_memory_with_one_warning()
    {
        // Nothing listens on this port: the connection fails fast and every command falls back to memory.
        await using var connection = await RedisConnections.ConnectAsync($"127.0.0.1:{RedisServer.FreePort()}", Ct);
        var logger = new RecordingLogger<RedisAnswerStore>();
        var store = new RedisAnswerStore(connection, new RedisAnswerStoreOptions(), new MemoryAnswerStore(10), logger);

        await store.SetAsync("k", new StoredAnswer("1", At), Ct);
        var read = await store.GetAsync("k", Ct);
        var missing = await store.GetAsync("other", Ct);

        read.Should().Be(new StoredAnswer("1", At));
        missing.Should().BeNull();
        store.Degraded.Should().BeTrue();
        logger.Warnings.Should().ContainSingle().Which.Should().Contain("Redis is unavailable").And.Contain("kept in memory");
    }

    [Fact]
    public async Task A_redis_that_goes_down_later_leaves_the_answers_written_before_in_memory()
    {
        RedisServerFixture.SkipWhenMissing();
        await using var own = await RedisServer.StartAsync(Ct);
        await using var connection = await RedisConnections.ConnectAsync(own.Configuration, Ct);
        var logger = new RecordingLogger<RedisAnswerStore>();
        var store = new RedisAnswerStore(connection, new RedisAnswerStoreOptions(), new MemoryAnswerStore(10), logger);
        await store.SetAsync("k", new StoredAnswer("1", At), Ct);
        store.Degraded.Should().BeFalse();

        await own.KillAsync();
        var read = await store.GetAsync("k", Ct);
        await store.SetAsync("written-while-down", new StoredAnswer("2", At), Ct);

        read.Should().Be(new StoredAnswer("1", At));
        (await store.GetAsync("written-while-down", Ct)).Should().Be(new StoredAnswer("2", At));
        store.Degraded.Should().BeTrue();
        logger.Entries.Where(e => e.Level >= LogLevel.Warning).Should().ContainSingle();
    }

    [Fact]
    public async Task A_cache_over_a_redis_that_is_down_still_answers()
    {
        await using var connection = await RedisConnections.ConnectAsync($"127.0.0.1:{RedisServer.FreePort()}", Ct);
        var store = new RedisAnswerStore(connection, new RedisAnswerStoreOptions(), new MemoryAnswerStore(10), new RecordingLogger<RedisAnswerStore>());
        using var cache = new AnswerCache(store, new AnswerCacheOptions(), TimeProvider.System, new AnswerCacheMetrics(), new RecordingLogger<AnswerCache>());
        var registry = new ScriptedFetch();

        var first = await cache.GetOrRefreshAsync("k", registry.FetchAsync, Ct);
        var second = await cache.GetOrRefreshAsync("k", registry.FetchAsync, Ct);

        (first.Value, second.Value, registry.Calls).Should().BeEquivalentTo((new List<string> { "5.1.4", "5.2.0" }, new List<string> { "5.1.4", "5.2.0" }, 1));
    }

    private RedisAnswerStore Store(string prefix, out RecordingLogger<RedisAnswerStore> logger)
    {
        logger = new RecordingLogger<RedisAnswerStore>();
        return new RedisAnswerStore(redis.Connection, new RedisAnswerStoreOptions { KeyPrefix = prefix }, new MemoryAnswerStore(10), logger);
    }
}
