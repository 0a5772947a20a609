using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>
/// List, then watch from the list's resourceVersion with bookmarks; relist on 410 Gone or any watch failure.
/// Objects are kept as JSON so the bridge tolerates fields it does not know yet.
/// </summary>
public sealed partial class WatchingResourceCache(IKubernetes client, CustomResourceKind kind, ILogger logger) : IResourceCache
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, CachedResource> _items = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event Action<CacheEvent>? Changed;

    public CustomResourceKind Kind => kind;

    public bool IsSynced => _synced.Task.IsCompleted;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public IReadOnlyList<CachedResource> List(string? @namespace) =>
        [.. _items.Values
            .Where(r => @namespace is null || r.Namespace == @namespace)
            .OrderBy(r => r.Namespace, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal)];

    public CachedResource? Get(string @namespace, string name) =>
        _items.TryGetValue(@namespace + "/" + name, out var r) ? r : null;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var resourceVersion = await ListAsync(cancellationToken).ConfigureAwait(false);
                _synced.TrySetResult();
                await WatchUntilBrokenAsync(resourceVersion, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or KubernetesException or JsonException or IOException)
            {
                LogListWatchFailed(e, kind.Plural);
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var list = (JsonElement)await client.CustomObjects.ListClusterCustomObjectAsync(
            kind.Group, CustomResourceKind.Version, kind.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (list.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (ToResource(item) is { } resource)
                {
                    seen.Add(resource.Key);
                    Upsert(resource);
                }
            }
        }

        foreach (var gone in _items.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (_items.TryRemove(gone, out var removed))
            {
                Raise(new CacheEvent(CacheEventType.Deleted, removed));
            }
        }

        return list.GetProperty("metadata").TryGetProperty("resourceVersion", out var rv) ? rv.GetString() ?? "" : "";
    }

    private async Task WatchUntilBrokenAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? watchError = null;
#pragma warning disable CS0618 // The typed watch over ListClusterCustomObject is marked obsolete but is the only one taking a resourceVersion.
            var response = client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync(
                kind.Group,
                CustomResourceKind.Version,
                kind.Plural,
                allowWatchBookmarks: true,
                resourceVersion: resourceVersion,
                timeoutSeconds: 300,
                watch: true,
                cancellationToken: cancellationToken);
            await foreach (var (type, item) in response.WatchAsync<JsonElement, object>(e => watchError = e, cancellationToken).ConfigureAwait(false))
#pragma warning restore CS0618
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (item.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv) && rv.GetString() is { } v)
                {
                    resourceVersion = v;
                }

                if (type == WatchEventType.Bookmark || ToResource(item) is not { } resource)
                {
                    continue;
                }

                if (type == WatchEventType.Deleted)
                {
                    if (_items.TryRemove(resource.Key, out _))
                    {
                        Raise(new CacheEvent(CacheEventType.Deleted, resource));
                    }
                }
                else
                {
                    Upsert(resource);
                }
            }

            if (watchError is not null)
            {
                // 410 Gone or a broken stream: the caller relists, which also repairs anything missed.
                LogWatchEnded(kind.Plural, watchError.Message);
                return;
            }
        }
    }

    private void Upsert(CachedResource resource)
    {
        var existed = _items.TryGetValue(resource.Key, out var old);
        if (existed && old!.ResourceVersion == resource.ResourceVersion)
        {
            return;
        }

        _items[resource.Key] = resource;
        Raise(new CacheEvent(existed ? CacheEventType.Modified : CacheEventType.Added, resource));
    }

    private void Raise(CacheEvent e)
    {
        try
        {
            Changed?.Invoke(e);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, kind.Plural);
        }
    }

    private static CachedResource? ToResource(JsonElement item)
    {
        if (JsonNode.Parse(item.GetRawText()) is not JsonObject obj || obj["metadata"] is not JsonObject meta)
        {
            return null;
        }

        var name = meta["name"]?.GetValue<string>();
        var ns = meta["namespace"]?.GetValue<string>() ?? "";
        var rv = meta["resourceVersion"]?.GetValue<string>() ?? "";
        return name is null ? null : new CachedResource(ns, name, rv, obj);
    }

    [LoggerMessage(LogLevel.Warning, "List/watch of {Plural} failed; retrying")]
    private partial void LogListWatchFailed(Exception exception, string plural);

    [LoggerMessage(LogLevel.Debug, "Watch of {Plural} ended ({Reason}); relisting")]
    private partial void LogWatchEnded(string plural, string reason);

    [LoggerMessage(LogLevel.Error, "A cache event handler for {Plural} failed")]
    private partial void LogHandlerFailed(Exception exception, string plural);
}
