namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>The wait after failed attempt n before attempt n+1: base·2^(n-1), at most <see cref="Cap"/>.</summary>
public static class RetryBackoff
{
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    public static TimeSpan After(TimeSpan backoff, int failedAttempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var ticks = backoff.Ticks;
        for (var i = 1; i < failedAttempt && ticks < Cap.Ticks; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, Cap.Ticks));
    }
}
