namespace DynamoMcp.PackageDocs.Protection;

/// <summary>Fixed counting windows aligned to the Unix epoch (whole hours for an hour): pure arithmetic, no clock.</summary>
public static class FixedWindow
{
    /// <summary>The start of the window that holds <paramref name="now"/>.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset now, TimeSpan length)
    {
        var sinceEpoch = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks(sinceEpoch - (sinceEpoch % length.Ticks));
    }

    /// <summary>The decision for the <paramref name="count"/>th request of the window that starts at <paramref name="start"/>.</summary>
    public static RateLimitDecision Decide(long count, int limit, DateTimeOffset start, TimeSpan length, DateTimeOffset now)
    {
        var reset = start + length;
        return new RateLimitDecision(count <= limit, limit, (int)Math.Clamp(limit - count, 0, limit), reset, reset - now);
    }
}
