using DynamoMcp.Mcp.Gateway;
using DynamoMcp.Mcp.Tests.Fixtures;
using ModelContextProtocol.AspNetCore;
using static DynamoMcp.Mcp.Tests.Gateway.UpstreamToolCallTests;

namespace DynamoMcp.Mcp.Tests.Gateway;

/// <summary>Sessions per (caller, server): one connect per key, idle expiry, eviction and invalidation close them.</summary>
public sealed class UpstreamSessionPoolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_callers_get_two_upstream_sessions_and_one_caller_keeps_its_own()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        await using var pool = new UpstreamSessionPool();
        var call = new UpstreamToolCall(pool);

        var alice = Text(await call.CallAsync(Key(server.Url, "alice"), Endpoint(server.Url), "session_id", null, null, Patience, Ct));
        var bob = Text(await call.CallAsync(Key(server.Url, "bob"), Endpoint(server.Url), "session_id", null, null, Patience, Ct));
        var aliceAgain = Text(await call.CallAsync(Key(server.Url, "alice"), Endpoint(server.Url), "session_id", null, null, Patience, Ct));

        alice.Should().NotBeEmpty().And.NotBe(bob);
        aliceAgain.Should().Be(alice);
        pool.Count.Should().Be(2);
    }

    [Fact]
    public async Task Concurrent_lookups_of_one_key_connect_once()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        await using var pool = new UpstreamSessionPool();
        var key = Key(server.Url);

        var sessions = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => pool.GetAsync(key, Endpoint(server.Url), Ct), Ct)));

        sessions.Distinct().Should().ContainSingle();
        pool.Count.Should().Be(1);
    }

    [Fact]
    public async Task An_idle_session_is_closed_by_the_sweep()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var clock = new ManualTimeProvider();
        await using var pool = new UpstreamSessionPool(new UpstreamSessionPoolOptions { IdleTimeout = TimeSpan.FromMinutes(10), SweepInterval = Timeout.InfiniteTimeSpan, TimeProvider = clock });
        var session = await pool.GetAsync(Key(server.Url), Endpoint(server.Url), Ct);

        clock.Advance(TimeSpan.FromMinutes(5));
        await pool.SweepAsync();
        pool.Count.Should().Be(1);
        session.IsClosed.Should().BeFalse();

        clock.Advance(TimeSpan.FromMinutes(6));
        await pool.SweepAsync();
        pool.Count.Should().Be(0);
        await session.Client.Completion.WaitAsync(Patience, Ct);
        (await pool.GetAsync(Key(server.Url), Endpoint(server.Url), Ct)).Should().NotBeSameAs(session);
    }

    [Fact]
    public async Task Invalidation_closes_the_session_and_the_next_lookup_connects_anew()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        await using var pool = new UpstreamSessionPool();
        var key = Key(server.Url);
        var session = await pool.GetAsync(key, Endpoint(server.Url), Ct);

        await pool.InvalidateAsync(key);

        pool.Count.Should().Be(0);
        await session.Client.Completion.WaitAsync(Patience, Ct);
        session.IsClosed.Should().BeTrue();
        (await pool.GetAsync(key, Endpoint(server.Url), Ct)).Should().NotBeSameAs(session);
    }

    [Fact]
    public async Task Invalidating_a_server_closes_every_callers_session_of_it()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        await using var pool = new UpstreamSessionPool();
        var alice = await pool.GetAsync(Key(server.Url, "alice"), Endpoint(server.Url), Ct);
        var bob = await pool.GetAsync(Key(server.Url, "bob"), Endpoint(server.Url), Ct);

        await pool.InvalidateAsync(k => k.Server.Name == "everything");

        pool.Count.Should().Be(0);
        await Task.WhenAll(alice.Client.Completion, bob.Client.Completion).WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task Beyond_the_maximum_the_least_recently_used_session_is_closed()
    {
        await using var server = await GatewayTestServer.StartAsync(HttpServerSessionMode.Stateful);
        var clock = new ManualTimeProvider();
        await using var pool = new UpstreamSessionPool(new UpstreamSessionPoolOptions { MaxSessions = 2, SweepInterval = Timeout.InfiniteTimeSpan, TimeProvider = clock });
        var a = await pool.GetAsync(Key(server.Url, "a"), Endpoint(server.Url), Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        var b = await pool.GetAsync(Key(server.Url, "b"), Endpoint(server.Url), Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        (await pool.GetAsync(Key(server.Url, "a"), Endpoint(server.Url), Ct)).Should().BeSameAs(a, "a is now the most recently used");
        clock.Advance(TimeSpan.FromSeconds(1));

        await pool.GetAsync(Key(server.Url, "c"), Endpoint(server.Url), Ct);

        pool.Count.Should().Be(2);
        await b.Client.Completion.WaitAsync(Patience, Ct);
        a.IsClosed.Should().BeFalse();
    }

    [Fact]
    public async Task Refuses_an_endpoint_that_is_not_the_keys()
    {
        await using var pool = new UpstreamSessionPool();
        var key = Key(new Uri("http://a.example/mcp"));

        await FluentActions.Awaiting(() => pool.GetAsync(key, Endpoint(new Uri("http://b.example/mcp")), Ct)).Should().ThrowAsync<ArgumentException>();
    }
}
