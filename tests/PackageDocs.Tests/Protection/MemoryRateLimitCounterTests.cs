using DynamoMcp.PackageDocs.Protection;

namespace DynamoMcp.PackageDocs.Tests.Protection;

public sealed class MemoryRateLimitCounterTests
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-03-01T12:00:00Z");
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_subject_counts_up_within_a_window_and_starts_over_in_the_next()
    {
        var counter = new MemoryRateLimitCounter();

        var counts = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            counts.Add(await counter.IncrementAsync("ip:10.0.0.1", Noon, Hour, Ct));
        }

        counts.Add(await counter.IncrementAsync("ip:10.0.0.2", Noon, Hour, Ct));
        counts.Add(await counter.IncrementAsync("ip:10.0.0.1", Noon.AddHours(1), Hour, Ct));

        counts.Should().Equal(1, 2, 3, 1, 1);
    }

    [Fact]
    public async Task Concurrent_requests_are_all_counted()
    {
        var counter = new MemoryRateLimitCounter();

        var counts = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => counter.IncrementAsync("key:abc", Noon, Hour, Ct), Ct)));

        counts.Order().Should().Equal(Enumerable.Range(1, 200).Select(i => (long)i));
    }
}
