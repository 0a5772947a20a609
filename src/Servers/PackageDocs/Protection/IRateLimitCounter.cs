namespace DynamoMcp.PackageDocs.Protection;

/// <summary>Counts requests per subject and window: in memory, or in Redis when several replicas share the limits.</summary>
public interface IRateLimitCounter
{
    /// <summary>Adds one request of <paramref name="subject"/> to the window starting at <paramref name="windowStart"/> and returns the window's count.</summary>
    Task<long> IncrementAsync(string subject, DateTimeOffset windowStart, TimeSpan window, CancellationToken cancellationToken);
}
