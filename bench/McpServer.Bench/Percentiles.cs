namespace DynamoMcp.McpServer.Bench;

/// <summary>Nearest-rank percentiles of a set of durations, in milliseconds.</summary>
internal sealed class Percentiles(IEnumerable<double> milliseconds)
{
    private readonly double[] sorted = [.. milliseconds.Order()];

    public double Median => At(0.5);

    public double P90 => At(0.9);

    public double At(double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
