using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Gateway;
using DynamoMcp.McpBridge.Cache;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DynamoMcp.McpBridge.Hosting;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// The tools of every Ready McpServer, listed by the bridge itself (the status holds only names and schema digests)
/// over its own upstream session per server, and the gateway catalog of each namespace built from them. A server is
/// listed again when anything the gateway offers of it may have changed — it became Ready or unready, its uid, URL,
/// generation (tool filter) or last discovery changed — and when its session announces
/// <c>notifications/tools/list_changed</c>. <see cref="NamespaceChanged"/> fires when a namespace's catalog changed.
/// </summary>
public sealed partial class GatewayDirectory : BackgroundService
{
    /// <summary>The caller key of the directory's own upstream sessions (no client's: listing carries no caller state).</summary>
    internal const string DirectoryCaller = "dynamo-mcp-bridge:directory";

    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60)];

    private readonly BridgeCaches caches;
    private readonly UpstreamSessionPool pool;
    private readonly UpstreamHeaderSource headers;
    private readonly ILogger<GatewayDirectory> logger;
    private readonly ConcurrentDictionary<(string Namespace, string Name), GatewayServerListing> listings = new();
    private readonly ConcurrentDictionary<string, GatewayToolCatalog> catalogs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Namespace, string Name), int> failures = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name), byte> stale = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name), byte> queued = new();
    private readonly ConcurrentDictionary<UpstreamSession, IAsyncDisposable> subscriptions = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name), SemaphoreSlim> refreshing = new();
    private readonly Channel<(string Namespace, string Name)> work = Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConditionalWeakTable<McpServer, GatewayTargetRead> targets = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly bool enabled;

    public GatewayDirectory(BridgeCaches caches, UpstreamSessionPool pool, UpstreamHeaderSource headers, IOptions<BridgeOptions> options, ILogger<GatewayDirectory> logger)
    {
        enabled = options.Value.Gateway.Enabled;
        this.caches = caches;
        this.pool = pool;
        this.headers = headers;
        this.logger = logger;
        caches.McpServers.Changed += OnServerChanged;
    }

    /// <summary>A namespace's gateway tools changed (a server came, went, or listed other tools).</summary>
    public event Action<string>? NamespaceChanged;

    /// <summary>Completes once every server known at start was listed once (or failed to be).</summary>
    public Task Synced => synced.Task;

    /// <summary>The gateway tools of <paramref name="namespace"/>: its listed servers' tools after their filters, named <c>server__tool</c>.</summary>
    public GatewayToolCatalog Catalog(string @namespace) => catalogs.GetOrAdd(@namespace, Build);

    /// <summary>The live target of a server (from the cache, not the last listing), or null with why not.</summary>
    public GatewayTarget? Target(string @namespace, string name, out string? notReady)
    {
        if (caches.McpServers.Get(@namespace, name) is not { } server)
        {
            notReady = "it does not exist";
            return null;
        }

        // Cached objects are immutable and replaced on change: each is read once, not on every call.
        var read = targets.GetValue(server, s => new GatewayTargetRead(GatewayTarget.From(s, out var why), why));
        notReady = read.NotReady;
        return read.Target;
    }

    /// <summary>The definition the server last listed for <paramref name="upstreamName"/>, if the directory has it.</summary>
    public Tool? UpstreamTool(string @namespace, string server, string upstreamName) =>
        listings.TryGetValue((@namespace, server), out var listing) ? listing.Tools.FirstOrDefault(t => t.Name == upstreamName) : null;

    /// <summary>The server's upstream endpoint with its own headers (never a caller's).</summary>
    public async Task<McpEndpoint> EndpointAsync(GatewayTarget target, CancellationToken cancellationToken) =>
        new(target.Key.Url, target.Transport, await headers.GetAsync(target, cancellationToken).ConfigureAwait(false));

    public override void Dispose()
    {
        caches.McpServers.Changed -= OnServerChanged;
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!enabled)
        {
            synced.TrySetResult();
            return;
        }

        await caches.McpServers.WaitForSyncAsync(stoppingToken).ConfigureAwait(false);
        var initial = caches.McpServers.List(null).Select(s => (s.Metadata.NamespaceProperty, s.Metadata.Name)).ToList();
        var firstRound = initial.Select(k => RefreshAsync(k, stoppingToken)).ToList();
        _ = Task.WhenAll(firstRound).ContinueWith(_ => synced.TrySetResult(), TaskScheduler.Default);

        // One refresh per server at a time; different servers in parallel (a slow server delays no other).
        await foreach (var key in work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            queued.TryRemove(key, out _);
            _ = RefreshAsync(key, stoppingToken);
        }
    }

    private void OnServerChanged(CacheEvent<McpServer> e)
    {
        if (enabled)
        {
            Enqueue((e.Namespace, e.Resource.Metadata.Name));
        }
    }

    private void Enqueue((string Namespace, string Name) key)
    {
        if (queued.TryAdd(key, 0))
        {
            work.Writer.TryWrite(key);
        }
    }

    private async Task RefreshAsync((string Namespace, string Name) key, CancellationToken cancellationToken)
    {
        var gate = refreshing.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await RefreshOnceAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogRefreshFailed(key.Namespace, key.Name, e);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RefreshOnceAsync((string Namespace, string Name) key, CancellationToken cancellationToken)
    {
        var server = caches.McpServers.Get(key.Namespace, key.Name);
        var target = server is null ? null : GatewayTarget.From(server, out _);
        listings.TryGetValue(key, out var existing);

        // Sessions to an upstream that is no more (deleted, or another uid or URL) are closed, every caller's.
        await pool.InvalidateAsync(k => k.Server.Namespace == key.Namespace && k.Server.Name == key.Name && (target is null ? server is null : k.Server != target.Key))
            .ConfigureAwait(false);
        if (target is null)
        {
            failures.TryRemove(key, out _);
            if (listings.TryRemove(key, out _))
            {
                LogWithdrawn(key.Namespace, key.Name);
                Changed(key.Namespace);
            }

            return;
        }

        if (existing?.Target.Fingerprint == target.Fingerprint && !stale.ContainsKey(key))
        {
            return;
        }

        stale.TryRemove(key, out _);
        IReadOnlyList<Tool> tools;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ListTimeout);
            var endpoint = await EndpointAsync(target, deadline.Token).ConfigureAwait(false);
            var session = await pool.GetAsync(new UpstreamSessionKey(DirectoryCaller, target.Key), endpoint, deadline.Token).ConfigureAwait(false);
            Subscribe(session, key);
            tools = [.. (await session.Client.ListToolsAsync(cancellationToken: deadline.Token).ConfigureAwait(false)).Select(t => t.ProtocolTool)];
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempt = failures.AddOrUpdate(key, 1, (_, n) => n + 1);
            var delay = RetryDelays[Math.Min(attempt, RetryDelays.Length) - 1];
            var reason = e is McpException own and not McpProtocolException
                ? own.Message
                : McpProbeFailureClassifier.Classify(e, new McpEndpoint(target.Key.Url, target.Transport, new Dictionary<string, string>()), "tools/list").Message;
            LogListFailed(key.Namespace, key.Name, reason, delay);
            if (existing is not null && existing.Target.Key != target.Key && listings.TryRemove(key, out _))
            {
                // What was listed belongs to an upstream that is gone.
                Changed(key.Namespace);
            }

            stale.TryAdd(key, 0);
            _ = RetryLaterAsync(key, delay, cancellationToken);
            return;
        }

        failures.TryRemove(key, out _);
        var json = JsonSerializer.Serialize(tools, McpJsonUtilities.DefaultOptions);
        listings[key] = new GatewayServerListing(target, tools, json);
        if (existing is null || existing.ToolsJson != json || !Equals(Filter(existing.Target), Filter(target)))
        {
            LogListed(key.Namespace, key.Name, tools.Count);
            Changed(key.Namespace);
        }
    }

    private static string Filter(GatewayTarget target) => JsonSerializer.Serialize(target.Filter);

    private void Subscribe(UpstreamSession session, (string Namespace, string Name) key)
    {
        foreach (var old in subscriptions.Keys.Where(s => s.IsClosed))
        {
            if (subscriptions.TryRemove(old, out var registration))
            {
                _ = registration.DisposeAsync().AsTask();
            }
        }

        subscriptions.GetOrAdd(session, s => s.Client.RegisterNotificationHandler(
            NotificationMethods.ToolListChangedNotification,
            (_, _) =>
            {
                stale.TryAdd(key, 0);
                Enqueue(key);
                return ValueTask.CompletedTask;
            }));
    }

    private async Task RetryLaterAsync((string Namespace, string Name) key, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            Enqueue(key);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Changed(string @namespace)
    {
        catalogs.TryRemove(@namespace, out _);
        NamespaceChanged?.Invoke(@namespace);
    }

    private GatewayToolCatalog Build(string @namespace) =>
        GatewayToolCatalog.Build(listings
            .Where(l => l.Key.Namespace == @namespace)
            .OrderBy(l => l.Key.Name, StringComparer.Ordinal)
            .Select(l => GatewayServerTools.Filter(l.Key.Name, l.Value.Tools, l.Value.Target.Filter)));

    [LoggerMessage(LogLevel.Information, "Gateway offers {Count} upstream tools of McpServer {Namespace}/{Name} (before its tool filter)")]
    private partial void LogListed(string @namespace, string name, int count);

    [LoggerMessage(LogLevel.Information, "Gateway withdrew the tools of McpServer {Namespace}/{Name}: it is gone or not Ready")]
    private partial void LogWithdrawn(string @namespace, string name);

    [LoggerMessage(LogLevel.Warning, "Gateway could not list the tools of McpServer {Namespace}/{Name}: {Reason}; trying again in {Delay}")]
    private partial void LogListFailed(string @namespace, string name, string reason, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Gateway refresh of McpServer {Namespace}/{Name} failed")]
    private partial void LogRefreshFailed(string @namespace, string name, Exception exception);
}
