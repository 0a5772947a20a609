using DynamoMcp.Runtime.Queue;

namespace DynamoMcp.Runtime.Tests.Queue;

public sealed class ExponentialBackoffTests
{
    [Fact]
    public void Delays_double_per_failure_up_to_the_cap_and_reset_on_forget()
    {
        var backoff = new ExponentialBackoff<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(100));

        var delays = Enumerable.Range(0, 7).Select(_ => backoff.When("a")).ToList();

        delays.Should().Equal(
            TimeSpan.FromMilliseconds(5),
            TimeSpan.FromMilliseconds(10),
            TimeSpan.FromMilliseconds(20),
            TimeSpan.FromMilliseconds(40),
            TimeSpan.FromMilliseconds(80),
            TimeSpan.FromMilliseconds(100),
            TimeSpan.FromMilliseconds(100));
        backoff.NumRequeues("a").Should().Be(7);
        backoff.When("b").Should().Be(TimeSpan.FromMilliseconds(5), "keys back off independently");

        backoff.Forget("a");

        backoff.NumRequeues("a").Should().Be(0);
        backoff.When("a").Should().Be(TimeSpan.FromMilliseconds(5));
    }

    [Fact]
    public void Many_failures_stay_at_the_cap_without_overflowing()
    {
        var backoff = new ExponentialBackoff<int>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        TimeSpan last = default;
        for (var i = 0; i < 200; i++)
        {
            last = backoff.When(1);
        }

        last.Should().Be(TimeSpan.FromSeconds(1000));
    }
}
