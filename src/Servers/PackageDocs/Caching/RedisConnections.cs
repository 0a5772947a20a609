using StackExchange.Redis;

namespace DynamoMcp.PackageDocs.Caching;

/// <summary>
/// Connects to Redis so that a server that is down (at start or later) makes commands fail fast instead of queueing:
/// the cache and the limiter then degrade to memory rather than make callers wait.
/// </summary>
public static class RedisConnections
{
    /// <summary>Parses <paramref name="configuration"/> (a StackExchange.Redis configuration string) with fail-fast settings.</summary>
    public static ConfigurationOptions FailFast(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2_000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 2_000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 2_000);
        options.ConnectRetry = 1;
        return options;
    }

    /// <summary>Connects, never throwing for a server that is down: the multiplexer keeps reconnecting in the background.</summary>
    public static async Task<IConnectionMultiplexer> ConnectAsync(string configuration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await ConnectionMultiplexer.ConnectAsync(FailFast(configuration)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
