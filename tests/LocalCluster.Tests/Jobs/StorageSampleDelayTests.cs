using DynamoMcp.LocalCluster.Jobs;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

/// <summary>How often the local kubelet walks a pod's volumes: closely for small ones, sparingly for large ones.</summary>
public sealed class StorageSampleDelayTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData(0, 100)] // an empty volume: the sample interval
    [InlineData(2, 100)] // a quick walk: still the interval
    [InlineData(25, 1250)] // an npm cache of thousands of files: fifty times the walk, about 2 % of a core
    [InlineData(2000, 10_000)] // a huge tree: never less often than the kubelet's 10 s
    public void The_pause_is_the_interval_or_fifty_walks_at_most_ten_seconds(int walkMilliseconds, int expectedMilliseconds)
    {
        PodExecution.StorageSampleDelay(TimeSpan.FromMilliseconds(walkMilliseconds), Interval)
            .Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    [Fact]
    public void A_sample_interval_longer_than_ten_seconds_is_kept()
    {
        PodExecution.StorageSampleDelay(TimeSpan.Zero, TimeSpan.FromSeconds(30)).Should().Be(TimeSpan.FromSeconds(30));
    }
}
