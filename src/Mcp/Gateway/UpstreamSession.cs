using DynamoMcp.Mcp.Discovery;
using System.Collections.Concurrent;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>A connected upstream MCP client held by the <see cref="UpstreamSessionPool"/> for one key.</summary>
public sealed class UpstreamSession
{
    private long lastUsed;
    private int inUse;

    private readonly OrderedProgressTransport transport;
    private readonly ConcurrentDictionary<string, byte> knownTools = new(StringComparer.Ordinal);

    internal UpstreamSession(UpstreamSessionKey key, McpEndpoint endpoint, McpClient client, OrderedProgressTransport transport, long now)
    {
        Key = key;
        Endpoint = endpoint;
        Client = client;
        this.transport = transport;
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

    /// <summary>Sends the upstream's progress of <paramref name="token"/> to <paramref name="sink"/> in arrival order (before the response), until disposed.</summary>
    internal IDisposable TrackProgress(string token, IProgress<ProgressNotificationValue> sink) => transport.Track(token, sink);

    /// <summary>
    /// Tells the SDK client the upstream's definition of a tool before it is called, once per session: without it
    /// the client warns on every call and cannot send the Mcp-Param-* headers that a tool's schema may ask for.
    /// </summary>
    internal void Know(Tool tool)
    {
        if (knownTools.TryAdd(tool.Name, 0))
        {
            Client.AddKnownTools([tool]);
        }
    }

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
