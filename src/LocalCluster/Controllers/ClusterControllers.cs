using DynamoMcp.LocalCluster.Resources;
using DynamoMcp.LocalCluster.Storage;
using DynamoMcp.LocalCluster.Watch;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Controllers;

/// <summary>
/// The server's own controllers, driven by the store's change stream: the garbage collector (ownerReferences:
/// background, foreground and orphan propagation) and namespace termination (empty the namespace, then remove it).
/// </summary>
internal sealed class ClusterControllers : IAsyncDisposable
{
    private readonly ResourceService _service;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly WatchSubscription _subscription;
    private readonly Task _loop;

    private ClusterControllers(ResourceService service, ILogger logger)
    {
        _service = service;
        _logger = logger;
        _subscription = service.Store.Subscribe(null, service.Store.Revision, out _, out _);
        _loop = Task.Run(RunAsync);
    }

    public static ClusterControllers Start(ResourceService service, ILoggerFactory loggerFactory) =>
        new(service, loggerFactory.CreateLogger<ClusterControllers>());

    private ObjectStore Store => _service.Store;

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        try
        {
            // Deletions that were in flight when the server last stopped.
            foreach (var key in Store.StorageKeys())
            {
                foreach (var obj in Store.Snapshot(key).Items.Values.Where(o => o.Deleting))
                {
                    await HandleAsync(new WatchEvent("MODIFIED", key, obj));
                }
            }
            await foreach (var e in _subscription.Events.ReadAllAsync(ct))
            {
                try
                {
                    await HandleAsync(e);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning(ex, "Cluster controllers could not process {Type} of {Key} {Name}", e.Type, e.StorageKey, e.Object.Name);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (System.Threading.Channels.ChannelClosedException ex)
        {
            _logger.LogError(ex, "Cluster controllers fell behind the change stream; garbage collection stopped");
        }
    }

    private async Task HandleAsync(WatchEvent e)
    {
        var obj = e.Object;
        if (e.Type == "DELETED")
        {
            foreach (var (dependentType, dependent) in Dependents(obj.Uid))
            {
                await DeleteQuietlyAsync(dependentType, dependent, "Background");
            }
            foreach (var ownerUid in obj.OwnerUids)
            {
                await FinishForegroundAsync(ownerUid);
            }
            if (obj.Namespace.Length > 0)
            {
                await TryFinishNamespaceAsync(obj.Namespace);
            }
            return;
        }
        if (!obj.Deleting)
        {
            return;
        }
        if (e.StorageKey == BuiltInResources.Namespaces.StorageKey)
        {
            await EmptyNamespaceAsync(obj.Name);
            return;
        }
        var json = obj.ToJson();
        var finalizers = (json["metadata"]?["finalizers"] as System.Text.Json.Nodes.JsonArray ?? []).Select(f => f?.GetValue<string>()).ToList();
        var type = _service.Registry.ByStorageKey(e.StorageKey);
        if (type is null)
        {
            return;
        }
        if (finalizers.Contains(ResourceService.OrphanFinalizer))
        {
            foreach (var (depType, dependent) in Dependents(obj.Uid))
            {
                await _service.MutateAsync(depType, dependent.Namespace, dependent.Name, d =>
                {
                    if (d["metadata"]?["ownerReferences"] is not System.Text.Json.Nodes.JsonArray refs)
                    {
                        return false;
                    }
                    foreach (var r in refs.Where(r => r?["uid"]?.GetValue<string>() == obj.Uid).ToList())
                    {
                        refs.Remove(r);
                    }
                    if (refs.Count == 0)
                    {
                        d["metadata"]!.AsObject().Remove("ownerReferences");
                    }
                    return true;
                });
            }
            await _service.RemoveFinalizerAsync(type, obj.Namespace, obj.Name, ResourceService.OrphanFinalizer);
        }
        if (finalizers.Contains(ResourceService.ForegroundFinalizer))
        {
            var dependents = Dependents(obj.Uid).ToList();
            foreach (var (depType, dependent) in dependents.Where(d => !d.Object.Deleting))
            {
                await DeleteQuietlyAsync(depType, dependent, "Foreground");
            }
            if (dependents.Count == 0)
            {
                await _service.RemoveFinalizerAsync(type, obj.Namespace, obj.Name, ResourceService.ForegroundFinalizer);
            }
        }
    }

    private async Task FinishForegroundAsync(string ownerUid)
    {
        foreach (var key in Store.StorageKeys())
        {
            var owner = Store.Snapshot(key).Items.Values.FirstOrDefault(o => o.Uid == ownerUid);
            if (owner is null)
            {
                continue;
            }
            if (owner.Deleting && !Dependents(ownerUid).Any() && _service.Registry.ByStorageKey(key) is { } type)
            {
                await _service.RemoveFinalizerAsync(type, owner.Namespace, owner.Name, ResourceService.ForegroundFinalizer);
            }
            return;
        }
    }

    private async Task EmptyNamespaceAsync(string ns)
    {
        foreach (var type in _service.Registry.All.Where(t => t.Namespaced))
        {
            foreach (var obj in Store.Snapshot(type.StorageKey).Items.Values.Where(o => o.Namespace == ns && !o.Deleting))
            {
                await DeleteQuietlyAsync(type, obj, "Background");
            }
        }
        await TryFinishNamespaceAsync(ns);
    }

    private async Task TryFinishNamespaceAsync(string ns)
    {
        var namespaceObject = Store.Get(BuiltInResources.Namespaces.StorageKey, "", ns);
        if (namespaceObject is not { Deleting: true })
        {
            return;
        }
        var remaining = Store.StorageKeys().Any(key => key != BuiltInResources.Namespaces.StorageKey && Store.Snapshot(key).Items.Values.Any(o => o.Namespace == ns));
        if (!remaining)
        {
            await Store.RemoveAsync(BuiltInResources.Namespaces.StorageKey, "", ns);
        }
    }

    private IEnumerable<(ResourceType Type, StoredObject Object)> Dependents(string ownerUid)
    {
        foreach (var key in Store.StorageKeys())
        {
            if (_service.Registry.ByStorageKey(key) is not { } type)
            {
                continue;
            }
            foreach (var obj in Store.Snapshot(key).Items.Values)
            {
                if (obj.OwnerUids.Contains(ownerUid))
                {
                    yield return (type, obj);
                }
            }
        }
    }

    private async Task DeleteQuietlyAsync(ResourceType type, StoredObject obj, string policy)
    {
        try
        {
            await _service.DeleteAsync(type, obj.Namespace, obj.Name, new DeleteOptions(policy, obj.Uid, null), dryRun: false);
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            // Already gone, or replaced by a new object with the same name.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _subscription.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
