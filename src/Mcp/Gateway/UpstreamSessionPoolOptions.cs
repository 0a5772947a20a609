namespace DynamoMcp.Mcp.Gateway;

/// <summary>Limits of the <see cref="UpstreamSessionPool"/>.</summary>
public sealed class UpstreamSessionPoolOptions
{
    /// <summary>A session unused this long is closed (by the sweep, or when next looked up). Default 10 minutes.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the background sweep looks for idle sessions. Default 1 minute; infinite turns it off.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many sessions; beyond, the least recently used idle one is closed. Default 1000.</summary>
    public int MaxSessions { get; init; } = 1000;

    /// <summary>Bounds connecting (initialize) of one session, whoever waits for it. Default 30 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock of idle expiry (tests pass their own).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
