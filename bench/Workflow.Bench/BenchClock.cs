using System.Diagnostics;

namespace DynamoMcp.Workflow.Bench;

/// <summary>Milliseconds since the bench started, from one monotonic stopwatch shared by every measurement.</summary>
internal sealed class BenchClock
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public double NowMs => Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
}
