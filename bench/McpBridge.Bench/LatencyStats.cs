namespace DynamoMcp.McpBridge.Bench;

/// <summary>Percentiles of a set of call latencies (nearest-rank).</summary>
public sealed class LatencyStats(IEnumerable<TimeSpan> samples)
{
    private readonly TimeSpan[] _sorted = [.. samples.Order()];

    public int Count => _sorted.Length;

    public TimeSpan Percentile(double p) =>
        _sorted.Length == 0 ? TimeSpan.Zero : _sorted[Math.Clamp((int)Math.Ceiling(p * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public TimeSpan Mean => _sorted.Length == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)_sorted.Average(t => t.Ticks));
}
