using DynamoMcp.PackageDocs.Protection;

namespace DynamoMcp.PackageDocs.Tests.Protection;

public sealed class FixedWindowTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Theory]
    [InlineData("2026-03-01T12:20:00Z", "2026-03-01T12:00:00Z")]
    [InlineData("2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z")]
    [InlineData("2026-03-01T12:59:59.999Z", "2026-03-01T12:00:00Z")]
    [InlineData("2026-03-01T14:20:00+02:00", "2026-03-01T12:00:00Z")]
    public void An_hourly_window_starts_on_the_whole_hour(string now, string start)
    {
        FixedWindow.StartOf(DateTimeOffset.Parse(now), Hour).Should().Be(DateTimeOffset.Parse(start));
    }

    [Theory]
    [InlineData(1, true, 99)]
    [InlineData(100, true, 0)]
    [InlineData(101, false, 0)]
    [InlineData(5000, false, 0)]
    public void The_decision_allows_up_to_the_limit_and_counts_down_the_remaining(long count, bool allowed, int remaining)
    {
        var start = DateTimeOffset.Parse("2026-03-01T12:00:00Z");

        var decision = FixedWindow.Decide(count, 100, start, Hour, start.AddMinutes(20));

        decision.Should().Be(new RateLimitDecision(allowed, 100, remaining, start.AddHours(1), TimeSpan.FromMinutes(40)));
    }

    [Theory]
    [InlineData(2400_000, 2400)]
    [InlineData(1_500, 2)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    public void Retry_after_is_whole_seconds_rounded_up_and_at_least_one(long milliseconds, long seconds)
    {
        new RateLimitDecision(false, 1, 0, DateTimeOffset.UnixEpoch, TimeSpan.FromMilliseconds(milliseconds)).RetryAfterSeconds.Should().Be(seconds);
    }
}
