namespace DynamoMcp.PackageDocs.Protection;

/// <summary>The outcome of counting one request: whether it may pass, and what the rate-limit headers say.</summary>
public sealed record RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, TimeSpan RetryAfter)
{
    /// <summary>Whole seconds until the window resets, at least 1 (the value of <c>Retry-After</c>).</summary>
    public long RetryAfterSeconds => Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds));
}
