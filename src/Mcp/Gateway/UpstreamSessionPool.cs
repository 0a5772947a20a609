using System.Collections.Concurrent;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>
/// Upstream MCP sessions of the gateway, one per (caller, server): connected once per key even when callers race,
/// closed when idle, when the pool is full (least recently used first), when invalidated, or when their transport
/// closed (the next lookup connects anew).
/// </summary>
/// <remarks>
/// <para>
/// What goes upstream is only what <see cref="GetAsync"/> is given: the server's URL and the server's headers (from
/// the McpServer's Secret). The caller's own credentials are never part of it — the caller key is opaque and stays
/// here. Header values are never logged.
/// </para>
/// <para>
/// Each session answers the upstream's sampling, elicitation and roots requests through the
/// <see cref="IUpstreamRequestRouter"/> set for its key (<see cref="SetRouter"/>); with none set they are refused with
/// an <see cref="McpException"/> that says so.
/// </para>
/// </remarks>
public sealed class UpstreamSessionPool : IAsyncDisposable
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly UpstreamSessionPoolOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly HttpClient httpClient;
    private readonly Lock gate = new();
    private readonly Dictionary<UpstreamSessionKey, Task<UpstreamSession>> sessions = [];
    private readonly ConcurrentDictionary<UpstreamSessionKey, IUpstreamRequestRouter> routers = new();
    private readonly CancellationTokenSource disposing = new();
    private readonly ITimer? sweep;

    /// <param name="options">Limits; the defaults when null.</param>
    /// <param name="loggerFactory">Logs of the pool and the SDK's clients.</param>
    /// <param name="httpMessageHandler">The HTTP stack of every session (tests pass their own); the pool disposes it.</param>
    public UpstreamSessionPool(UpstreamSessionPoolOptions? options = null, ILoggerFactory? loggerFactory = null, HttpMessageHandler? httpMessageHandler = null)
    {
        this.options = options ?? new UpstreamSessionPoolOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxSessions, 1);
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        logger = this.loggerFactory.CreateLogger<UpstreamSessionPool>();
        httpClient = new HttpClient(
            httpMessageHandler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
            disposeHandler: true)
        {
            // Each call's own deadline bounds its requests; a standing GET stream must not time out.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (this.options.SweepInterval != Timeout.InfiniteTimeSpan)
        {
            sweep = this.options.TimeProvider.CreateTimer(_ => _ = SweepAsync(), null, this.options.SweepInterval, this.options.SweepInterval);
        }
    }

    /// <summary>How many sessions the pool holds (connected or connecting).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return sessions.Count;
            }
        }
    }

    /// <summary>
    /// The session of <paramref name="key"/>, connected to <paramref name="endpoint"/> (its headers are the server's,
    /// sent with every request). Concurrent callers of one key share one connect; a caller's cancellation stops only
    /// its wait, the connect is bounded by <see cref="UpstreamSessionPoolOptions.ConnectTimeout"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint is stdio (reach it through its front) or its URL is not the key's.</exception>
    public async Task<UpstreamSession> GetAsync(UpstreamSessionKey key, McpEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(endpoint);
        ObjectDisposedException.ThrowIf(disposing.IsCancellationRequested, this);
        if (endpoint.Transport == McpTransport.Stdio)
        {
            throw new ArgumentException("A stdio server is reached through its front, over Streamable HTTP; pass that endpoint.", nameof(endpoint));
        }

        if (endpoint.Url != key.Server.Url)
        {
            throw new ArgumentException($"the endpoint's URL is not the one of the session key of {key.Server}; a new URL is a new key.", nameof(endpoint));
        }

        var now = options.TimeProvider.GetTimestamp();
        Task<UpstreamSession> connecting;
        List<UpstreamSession> toClose = [];
        lock (gate)
        {
            if (sessions.TryGetValue(key, out var existing) && IsStale(existing, now))
            {
                sessions.Remove(key);
                if (existing.IsCompletedSuccessfully)
                {
                    toClose.Add(existing.Result);
                }

                existing = null;
            }

            if (existing is null)
            {
                // Not in the first caller's execution context: the session outlives its request (and must not carry its
                // HttpContext, Activity or AsyncLocals into every later caller's messages).
                using (ExecutionContext.SuppressFlow())
                {
                    existing = Task.Run(() => ConnectAsync(key, endpoint), CancellationToken.None);
                }
                sessions[key] = existing;
                toClose.AddRange(EvictOverflow(key));
            }
            else if (existing.IsCompletedSuccessfully)
            {
                existing.Result.Touch(now);
            }

            connecting = existing;
        }

        await CloseAllAsync(toClose, "replaced or evicted").ConfigureAwait(false);
        try
        {
            return await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (connecting.IsFaulted || connecting.IsCanceled)
        {
            // The next lookup tries again rather than repeating this failure.
            lock (gate)
            {
                if (sessions.TryGetValue(key, out var current) && current == connecting)
                {
                    sessions.Remove(key);
                }
            }

            throw;
        }
    }

    /// <summary>Closes the session of <paramref name="key"/>, if any (the server's uid or URL changed, or it went away).</summary>
    public ValueTask InvalidateAsync(UpstreamSessionKey key) => InvalidateAsync(key, expected: null);

    /// <summary>Closes the sessions of every key <paramref name="match"/> selects (e.g. every caller's of one server).</summary>
    public async ValueTask InvalidateAsync(Func<UpstreamSessionKey, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        List<Task<UpstreamSession>> removed;
        lock (gate)
        {
            removed = [.. sessions.Where(e => match(e.Key)).Select(e => e.Value)];
            foreach (var key in sessions.Keys.Where(match).ToList())
            {
                sessions.Remove(key);
            }
        }

        await CloseAllAsync(removed.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result), "invalidated").ConfigureAwait(false);
    }

    /// <summary>Closes every session of <paramref name="callerKey"/> and forgets its routers (the caller's session ended).</summary>
    public async ValueTask ReleaseCallerAsync(string callerKey)
    {
        ArgumentNullException.ThrowIfNull(callerKey);
        foreach (var key in routers.Keys.Where(k => k.CallerKey == callerKey))
        {
            routers.TryRemove(key, out _);
        }

        await InvalidateAsync(k => k.CallerKey == callerKey).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets (or, with null, clears) where the upstream's sampling, elicitation and roots requests of <paramref name="key"/>'s
    /// session go. The router outlives re-established sessions of the key; the bridge clears it with the caller's session.
    /// </summary>
    public void SetRouter(UpstreamSessionKey key, IUpstreamRequestRouter? router)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (router is null)
        {
            routers.TryRemove(key, out _);
        }
        else
        {
            routers[key] = router;
        }
    }

    /// <summary>Closes sessions idle longer than <see cref="UpstreamSessionPoolOptions.IdleTimeout"/> (the timer calls it too).</summary>
    public async Task SweepAsync()
    {
        var now = options.TimeProvider.GetTimestamp();
        List<UpstreamSession> idle = [];
        lock (gate)
        {
            foreach (var (key, task) in sessions.ToList())
            {
                if (task.IsCompletedSuccessfully && IsStale(task, now))
                {
                    sessions.Remove(key);
                    idle.Add(task.Result);
                }
            }
        }

        await CloseAllAsync(idle, "idle or closed").ConfigureAwait(false);
    }

    /// <summary>Closes every session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposing.IsCancellationRequested)
        {
            return;
        }

        await disposing.CancelAsync().ConfigureAwait(false);
        if (sweep is not null)
        {
            await sweep.DisposeAsync().ConfigureAwait(false);
        }

        List<Task<UpstreamSession>> all;
        lock (gate)
        {
            all = [.. sessions.Values];
            sessions.Clear();
        }

        await CloseAllAsync(all.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result), "pool disposed").ConfigureAwait(false);
        routers.Clear();
        httpClient.Dispose();
        disposing.Dispose();
    }

    /// <summary>Closes <paramref name="expected"/>'s key's session if it still is <paramref name="expected"/> (any, when null).</summary>
    internal async ValueTask InvalidateAsync(UpstreamSessionKey key, UpstreamSession? expected)
    {
        ArgumentNullException.ThrowIfNull(key);
        Task<UpstreamSession>? removed = null;
        lock (gate)
        {
            if (sessions.TryGetValue(key, out var current) && (expected is null || (current.IsCompletedSuccessfully && current.Result == expected)))
            {
                sessions.Remove(key);
                removed = current;
            }
        }

        if (removed is { IsCompletedSuccessfully: true })
        {
            await CloseAllAsync([removed.Result], "invalidated").ConfigureAwait(false);
        }
        else if (expected is not null && removed is null)
        {
            // Someone replaced it already; the old one still needs closing.
            await CloseAllAsync([expected], "invalidated").ConfigureAwait(false);
        }
    }

    internal long Now => options.TimeProvider.GetTimestamp();

    private bool IsStale(Task<UpstreamSession> task, long now) =>
        task.IsFaulted
        || task.IsCanceled
        || (task.IsCompletedSuccessfully && (task.Result.IsClosed
            || (!task.Result.IsInUse && options.TimeProvider.GetElapsedTime(task.Result.LastUsed, now) >= options.IdleTimeout)));

    private List<UpstreamSession> EvictOverflow(UpstreamSessionKey keep)
    {
        List<UpstreamSession> evicted = [];
        while (sessions.Count > options.MaxSessions)
        {
            var victim = sessions
                .Where(e => !e.Key.Equals(keep) && e.Value.IsCompletedSuccessfully && !e.Value.Result.IsInUse)
                .OrderBy(e => e.Value.Result.LastUsed)
                .Select(e => (KeyValuePair<UpstreamSessionKey, Task<UpstreamSession>>?)e)
                .FirstOrDefault();
            if (victim is not { } found)
            {
                // Everything else is connecting or busy: over the limit until one frees.
                break;
            }

            sessions.Remove(found.Key);
            evicted.Add(found.Value.Result);
        }

        return evicted;
    }

    private async Task<UpstreamSession> ConnectAsync(UpstreamSessionKey key, McpEndpoint endpoint)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(disposing.Token);
        deadline.CancelAfter(options.ConnectTimeout);
        var http = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = endpoint.Url,
                TransportMode = endpoint.Transport == McpTransport.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string>(endpoint.Headers),
                ConnectionTimeout = options.ConnectTimeout,
                Name = "dynamo-mcp-gateway",
            },
            httpClient,
            loggerFactory,
            ownsHttpClient: false);
        var transport = new OrderedProgressClientTransport(http);
        try
        {
            var client = await McpClient.CreateAsync(
                transport,
                new McpClientOptions
                {
                    ClientInfo = new Implementation { Name = "dynamo-mcp-gateway", Version = typeof(UpstreamSessionPool).Assembly.GetName().Version?.ToString() ?? "0" },
                    InitializationTimeout = options.ConnectTimeout,
                    Handlers = Handlers(key),
                },
                loggerFactory,
                deadline.Token).ConfigureAwait(false);
            logger.LogDebug(
                "Connected upstream session for {Server} at {Url} (session {SessionId}, protocol {ProtocolVersion})",
                key.Server, McpProbeFailureClassifier.Describe(endpoint.Url), client.SessionId, client.NegotiatedProtocolVersion);
            return new UpstreamSession(key, endpoint, client, transport.Connected!, options.TimeProvider.GetTimestamp());
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Sampling and roots are deprecated as of 2026-07-28 (SEP-2577), but servers on 2025-11-25 and before still send them.
#pragma warning disable MCP9005
    private McpClientHandlers Handlers(UpstreamSessionKey key) => new()
    {
        SamplingHandler = (request, progress, ct) => Router(key, "sampling/createMessage").SampleAsync(request!, progress, ct),
        ElicitationHandler = (request, ct) => Router(key, "elicitation/create").ElicitAsync(request!, ct),
        RootsHandler = (request, ct) => Router(key, "roots/list").ListRootsAsync(request!, ct),
    };
#pragma warning restore MCP9005

    private IUpstreamRequestRouter Router(UpstreamSessionKey key, string method) =>
        routers.TryGetValue(key, out var router)
            ? router
            : throw new McpException(
                $"The gateway cannot pass {method} from McpServer {key.Server} to its caller: no client session is attached to this upstream session right now. Call the tool again through the gateway from a client that supports {method}.");

    private async Task CloseAllAsync(IEnumerable<UpstreamSession> closing, string reason)
    {
        foreach (var session in closing)
        {
            logger.LogDebug("Closing upstream session for {Server} ({Reason})", session.Key.Server, reason);
            try
            {
                await session.Client.DisposeAsync().AsTask().WaitAsync(CloseGrace).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                logger.LogDebug(e, "Closing the upstream session for {Server} did not finish cleanly", session.Key.Server);
            }
        }
    }
}
