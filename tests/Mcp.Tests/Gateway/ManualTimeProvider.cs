namespace DynamoMcp.Mcp.Tests.Gateway;

/// <summary>A clock that moves only when told (timers still run on the system's).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long ticks = 1;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, (long)(by.TotalSeconds * TimestampFrequency));
}
