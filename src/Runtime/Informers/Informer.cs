using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using DynamoMcp.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Runtime.Informers;

/// <summary>
/// Keeps an <see cref="InformerCache{T}"/> equal to the server: list, then watch from the list's resourceVersion
/// with bookmarks; re-watch from the last seen version when a watch ends; relist on 410 Gone, emitting deletes
/// for objects that vanished meanwhile.
/// </summary>
public sealed partial class Informer<T> : IInformer where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly IResourceClient<T> _client;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _dispatchLock = new();
    private readonly List<IResourceEventHandler<T>> _handlers = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _unsyncedScopes;
    private long _relists;

    public Informer(IResourceClient<T> client, InformerOptions options, ILogger<Informer<T>> logger)
    {
        _client = client;
        _options = options;
        _logger = logger;
    }

    public Type ObjectType => typeof(T);

    public InformerCache<T> Cache { get; } = new();

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>How many lists have been made after the first (410 Gone or repeated watch failures).</summary>
    public long Relists => Interlocked.Read(ref _relists);

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Registers <paramref name="handler"/>, replaying the cached objects to it as adds.</summary>
    public void AddEventHandler(IResourceEventHandler<T> handler)
    {
        lock (_dispatchLock)
        {
            foreach (var obj in Cache.List())
            {
                handler.OnAdd(obj);
            }

            _handlers.Add(handler);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string?> scopes = _options.Namespaces.Count == 0 ? [null] : [.. _options.Namespaces.Distinct()];
        _unsyncedScopes = scopes.Count;
        await Task.WhenAll(scopes.Select(scope => Task.Run(() => RunScopeAsync(scope, cancellationToken), CancellationToken.None)))
            .ConfigureAwait(false);
    }

    private async Task RunScopeAsync(string? scope, CancellationToken cancellationToken)
    {
        var firstList = true;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string resourceVersion;
            try
            {
                var list = await _client.ListAsync(scope, cancellationToken).ConfigureAwait(false);
                Replace(scope, list.Items);
                resourceVersion = list.ResourceVersion;
                if (firstList)
                {
                    firstList = false;
                    if (Interlocked.Decrement(ref _unsyncedScopes) == 0)
                    {
                        _synced.TrySetResult();
                    }
                }
                else
                {
                    Interlocked.Increment(ref _relists);
                }

                LogListed(_client.Kind.Kind, scope ?? "*", list.Items.Count, resourceVersion);
                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListFailed(ex, _client.Kind.Kind, scope ?? "*");
                await DelayAsync(++failures, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await WatchUntilGoneAsync(scope, resourceVersion, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Watches, re-watching from the last seen version, until the history is gone (410) or too many failures.</summary>
    private async Task WatchUntilGoneAsync(string? scope, string resourceVersion, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var gone = false;
            Exception? streamError = null;
            try
            {
                var events = _client.WatchAsync(
                    scope,
                    resourceVersion,
                    (int)_options.WatchTimeout.TotalSeconds,
                    ex =>
                    {
                        if (IsGone(ex))
                        {
                            gone = true;
                        }
                        else
                        {
                            streamError ??= ex;
                        }
                    },
                    cancellationToken);
                await foreach (var (type, obj) in events.ConfigureAwait(false))
                {
                    if (obj?.Metadata?.ResourceVersion is { Length: > 0 } rv)
                    {
                        resourceVersion = rv;
                    }

                    Apply(type, obj);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (IsGone(ex))
            {
                gone = true;
            }
            catch (Exception ex)
            {
                streamError = ex;
            }

            if (gone)
            {
                LogGone(_client.Kind.Kind, scope ?? "*", resourceVersion);
                return;
            }

            if (streamError is not null)
            {
                LogWatchFailed(streamError, _client.Kind.Kind, scope ?? "*", resourceVersion);
                if (++failures >= 5)
                {
                    // Persistent trouble watching from this version: start over from a fresh list.
                    return;
                }

                await DelayAsync(failures, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsGone(Exception ex) => ex switch
    {
        KubernetesException { Status.Code: 410 } => true,
        HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        _ => false,
    };

    private void Apply(WatchEventType type, T? obj)
    {
        if (obj?.Metadata?.Name is null || obj is null)
        {
            return;
        }

        lock (_dispatchLock)
        {
            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    Upsert(obj);
                    break;
                case WatchEventType.Deleted:
                    var removed = Cache.Remove(ObjectKey.From(obj));
                    if (removed is not null)
                    {
                        Dispatch(h => h.OnDelete(obj));
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private void Upsert(T obj)
    {
        var old = Cache.Upsert(obj);
        if (old is null)
        {
            Dispatch(h => h.OnAdd(obj));
        }
        else if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
        {
            Dispatch(h => h.OnUpdate(old, obj));
        }
    }

    /// <summary>Makes the cache of <paramref name="scope"/> equal to a fresh list; vanished objects become deletes.</summary>
    private void Replace(string? scope, IReadOnlyList<T> items)
    {
        lock (_dispatchLock)
        {
            var seen = new HashSet<ObjectKey>();
            foreach (var obj in items)
            {
                seen.Add(ObjectKey.From(obj));
                Upsert(obj);
            }

            foreach (var key in Cache.Keys(scope))
            {
                if (!seen.Contains(key) && Cache.Remove(key) is { } gone)
                {
                    Dispatch(h => h.OnDelete(gone));
                }
            }
        }
    }

    private void Dispatch(Action<IResourceEventHandler<T>> action)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                action(handler);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(ex, _client.Kind.Kind);
            }
        }
    }

    private async Task DelayAsync(int failures, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromTicks(Math.Min(
            _options.MaxRetryDelay.Ticks,
            (long)(_options.RetryDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 20)))));
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listed {Kind} in {Scope}: {Count} objects at resourceVersion {ResourceVersion}")]
    private partial void LogListed(string kind, string scope, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing {Kind} in {Scope} failed; retrying")]
    private partial void LogListFailed(Exception ex, string kind, string scope);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} in {Scope} from {ResourceVersion} is too old (410 Gone); relisting")]
    private partial void LogGone(string kind, string scope, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} in {Scope} from {ResourceVersion} failed; re-watching")]
    private partial void LogWatchFailed(Exception ex, string kind, string scope, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Error, Message = "An event handler for {Kind} threw; the informer continues")]
    private partial void LogHandlerFailed(Exception ex, string kind);
}
