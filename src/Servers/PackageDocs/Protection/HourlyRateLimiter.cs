namespace DynamoMcp.PackageDocs.Protection;

/// <summary>Counts a request of a caller in the current fixed window and decides against the limit of the caller's class.</summary>
public sealed class HourlyRateLimiter(IRateLimitCounter counter, ProtectionOptions options, TimeProvider time)
{
    public async Task<RateLimitDecision> AcquireAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var start = FixedWindow.StartOf(now, options.Window);
        var count = await counter.IncrementAsync(caller.Subject, start, options.Window, cancellationToken).ConfigureAwait(false);
        return FixedWindow.Decide(count, options.Limits.For(caller.Class), start, options.Window, now);
    }
}
