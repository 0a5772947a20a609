using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace DynamoMcp.PackageDocs.Protection;

/// <summary>
/// Counters in Redis, shared by every replica: INCR on a key per subject and window, with an expiry set by the first
/// request of the window. While Redis is down, each replica counts in memory (one warning when it goes, a note when back).
/// </summary>
public sealed partial class RedisRateLimitCounter(
    IConnectionMultiplexer redis, ProtectionOptions options, MemoryRateLimitCounter fallback, ILogger<RedisRateLimitCounter> logger) : IRateLimitCounter
{
    private const string IncrementScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

    private int degraded;

    public bool Degraded => Volatile.Read(ref degraded) == 1;

    public async Task<long> IncrementAsync(string subject, DateTimeOffset windowStart, TimeSpan window, CancellationToken cancellationToken)
    {
        var key = $"{options.RedisKeyPrefix}{subject}:{windowStart.ToUnixTimeSeconds()}";
        try
        {
            // A little longer than the window, so a clock a little behind on another replica still finds the counter.
            var expiry = (long)(window + TimeSpan.FromMinutes(1)).TotalMilliseconds;
            var result = await redis.GetDatabase().ScriptEvaluateAsync(IncrementScript, [key], [expiry]).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref degraded, 0) == 1)
            {
                LogRecovered();
            }

            return (long)result;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (Interlocked.Exchange(ref degraded, 1) == 0)
            {
                LogDegraded(e.GetType().Name, e.Message);
            }

            return await fallback.IncrementAsync(subject, windowStart, window, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable ({ErrorType}: {Error}); rate limits are counted in this replica's memory until it is back")]
    private partial void LogDegraded(string errorType, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is available again; rate limits are counted in Redis")]
    private partial void LogRecovered();
}
