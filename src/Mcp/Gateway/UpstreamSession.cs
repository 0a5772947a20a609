using DynamoMcp.Mcp.Discovery;
using ModelContextProtocol.Client;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>A connected upstream MCP client held by the <see cref="UpstreamSessionPool"/> for one key.</summary>
public sealed class UpstreamSession
{
    private long lastUsed;
    private int inUse;

    internal UpstreamSession(UpstreamSessionKey key, McpEndpoint endpoint, McpClient client, long now)
    {
        Key = key;
        Endpoint = endpoint;
        Client = client;
        lastUsed = now;
    }

    /// <summary>Whose session this is.</summary>
    public UpstreamSessionKey Key { get; }

    /// <summary>What it is connected to (headers are the server's, never the caller's).</summary>
    public McpEndpoint Endpoint { get; }

    /// <summary>The SDK client; the pool owns it: do not dispose it, call <see cref="UpstreamSessionPool.InvalidateAsync(UpstreamSessionKey)"/>.</summary>
    public McpClient Client { get; }

    /// <summary>The transport closed (the upstream went away or the session ended): the pool replaces it on the next lookup.</summary>
    public bool IsClosed => Client.Completion.IsCompleted;

    internal long LastUsed => Interlocked.Read(ref lastUsed);

    internal bool IsInUse => Volatile.Read(ref inUse) > 0;

    internal void Touch(long now) => Interlocked.Exchange(ref lastUsed, now);

    /// <summary>Marks a call in flight (the sweep and eviction leave the session alone until <see cref="EndUse"/>).</summary>
    internal void BeginUse(long now)
    {
        Interlocked.Increment(ref inUse);
        Touch(now);
    }

    internal void EndUse(long now)
    {
        Touch(now);
        Interlocked.Decrement(ref inUse);
    }
}
