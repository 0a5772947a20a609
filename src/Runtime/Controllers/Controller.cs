using System.Collections.Concurrent;
using System.Text.Json;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Hosting;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Metrics;
using DynamoMcp.Runtime.Queue;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Runtime.Controllers;

/// <summary>
/// Runs one <see cref="IEntityController{TEntity}"/>: informer events become keys in a work queue; workers read the
/// entity from the cache, handle finalizers, reconcile a private copy and turn the typed result into requeues.
/// </summary>
public sealed partial class Controller<TEntity> : IController where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly ControllerDefinition _definition;
    private readonly IServiceScopeFactory _scopes;
    private readonly IResourceClient<TEntity> _client;
    private readonly ControllerRuntimeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ObjectKey, TEntity> _tombstones = new();
    private readonly int _workers;

    public Controller(
        ControllerDefinition definition,
        IServiceScopeFactory scopes,
        InformerRegistry informers,
        IResourceClient<TEntity> client,
        ControllerRuntimeMetrics metrics,
        IOptions<ControllerRuntimeOptions> options,
        TimeProvider time,
        ILogger<Controller<TEntity>> logger)
    {
        _definition = definition;
        _scopes = scopes;
        _client = client;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _workers = definition.Workers ?? options.Value.DefaultWorkers;
        Queue = new WorkQueue<ObjectKey>(
            new WorkQueueOptions { Name = definition.Name, BackoffBase = options.Value.BackoffBase, BackoffCap = options.Value.BackoffCap },
            time,
            metrics);
        _metrics.RegisterController(Name);

        Cache = informers.Cache<TEntity>();
        informers.Get<TEntity>().AddEventHandler(new ResourceEventHandler<TEntity>(
            obj =>
            {
                var key = ObjectKey.From(obj);
                _tombstones.TryRemove(key, out _);
                Queue.Add(key);
            },
            (_, obj) => Queue.Add(ObjectKey.From(obj)),
            obj =>
            {
                var key = ObjectKey.From(obj);
                _tombstones[key] = obj;
                Queue.Add(key);
            }));
        foreach (var source in definition.Sources)
        {
            source(informers, Queue.Add);
        }
    }

    public string Name => _definition.Name;

    public WorkQueue<ObjectKey> Queue { get; }

    public IReadOnlyCache<TEntity> Cache { get; }

    public async Task RunWorkersAsync(CancellationToken cancellationToken)
    {
        LogStarting(Name, _workers);
        await Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(() => WorkerAsync(cancellationToken), CancellationToken.None)))
            .ConfigureAwait(false);
    }

    public Task ShutDownAsync(CancellationToken cancellationToken) => Queue.ShutDownWithDrainAsync(cancellationToken);

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ObjectKey key;
            try
            {
                var (next, shutdown) = await Queue.GetAsync(cancellationToken).ConfigureAwait(false);
                if (shutdown)
                {
                    return;
                }

                key = next;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ProcessAsync(key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        string label;
        try
        {
            var result = await ReconcileKeyAsync(key, cancellationToken).ConfigureAwait(false);
            label = Apply(key, result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership lost or shutting down: keep the key so whoever runs next reconciles it.
            Queue.Add(key);
            return;
        }
        catch (Exception ex)
        {
            LogReconcileFailed(ex, Name, key.ToString(), Queue.NumRequeues(key) + 1);
            _metrics.ReconcileFailed(Name);
            Queue.AddRateLimited(key);
            label = "error";
        }

        _metrics.Reconciled(Name, label, _time.GetElapsedTime(started));
    }

    private string Apply(ObjectKey key, ReconcileResult result)
    {
        switch (result.Outcome)
        {
            case ReconcileOutcome.RequeueAfter:
                Queue.Forget(key);
                Queue.AddAfter(key, result.RequeueAfterDelay!.Value);
                return "requeue_after";
            case ReconcileOutcome.Requeue:
                Queue.AddRateLimited(key);
                return "requeue";
            case ReconcileOutcome.Transient:
                _metrics.ReconcileFailed(Name);
                if (result.RequeueAfterDelay is { } retry)
                {
                    // The reconciler planned the retry (its own backoff, e.g. from the failed attempt's end).
                    LogTransientPlanned(result.Error, Name, key.ToString(), result.Reason ?? "unspecified", retry);
                    Queue.AddAfter(key, retry);
                }
                else
                {
                    LogTransient(result.Error, Name, key.ToString(), result.Reason ?? "unspecified", Queue.NumRequeues(key) + 1);
                    Queue.AddRateLimited(key);
                }

                return "error";
            case ReconcileOutcome.Stalled:
                // Terminal until the object changes; its next watch event enqueues it again.
                LogStalled(Name, key.ToString(), result.Reason ?? "unspecified");
                _metrics.ReconcileFailed(Name);
                Queue.Forget(key);
                return "error";
            default:
                Queue.Forget(key);
                return "success";
        }
    }

    private async Task<ReconcileResult> ReconcileKeyAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var controller = (IEntityController<TEntity>)scope.ServiceProvider.GetRequiredService(_definition.ControllerType);
        var cached = Cache.Get(key);
        if (cached is null)
        {
            if (!_tombstones.TryRemove(key, out var last))
            {
                return ReconcileResult.Done;
            }

            var deleted = await controller.DeletedAsync(DeepCopy(last), cancellationToken).ConfigureAwait(false);
            if (deleted.Outcome is ReconcileOutcome.Transient or ReconcileOutcome.Requeue or ReconcileOutcome.RequeueAfter)
            {
                _tombstones.TryAdd(key, last);
            }

            return deleted;
        }

        var entity = DeepCopy(cached);
        if (_definition.FinalizerTypes.Count > 0)
        {
            var finalizers = _definition.FinalizerTypes
                .Select(t => (IEntityFinalizer<TEntity>)scope.ServiceProvider.GetRequiredService(t))
                .ToList();
            if (entity.Metadata.DeletionTimestamp is not null)
            {
                return await FinalizeAsync(key, entity, finalizers, cancellationToken).ConfigureAwait(false);
            }

            var present = entity.Metadata.Finalizers ?? [];
            var missing = finalizers.Select(f => f.Identifier).Where(id => !present.Contains(id)).ToList();
            if (missing.Count > 0)
            {
                entity = await PatchFinalizersAsync(key, entity, [.. present, .. missing], cancellationToken).ConfigureAwait(false);
            }
        }

        if (entity.Metadata.DeletionTimestamp is not null)
        {
            // Being deleted and none of our finalizers hold it: nothing to do until it is gone.
            return ReconcileResult.Done;
        }

        return await controller.ReconcileAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> FinalizeAsync(
        ObjectKey key, TEntity entity, IReadOnlyList<IEntityFinalizer<TEntity>> finalizers, CancellationToken cancellationToken)
    {
        foreach (var finalizer in finalizers)
        {
            if (entity.Metadata.Finalizers?.Contains(finalizer.Identifier) != true)
            {
                continue;
            }

            var result = await finalizer.FinalizeAsync(entity, cancellationToken).ConfigureAwait(false);
            if (result.Outcome != ReconcileOutcome.Done)
            {
                return result;
            }

            entity = await PatchFinalizersAsync(
                key, entity, [.. entity.Metadata.Finalizers.Where(f => f != finalizer.Identifier)], cancellationToken).ConfigureAwait(false);
            LogFinalized(Name, key.ToString(), finalizer.Identifier);
        }

        return ReconcileResult.Done;
    }

    private Task<TEntity> PatchFinalizersAsync(ObjectKey key, TEntity entity, IList<string> finalizers, CancellationToken cancellationToken)
    {
        // resourceVersion makes the patch conditional: a concurrent change to the list fails with 409 and is retried.
        var body = JsonSerializer.Serialize(new
        {
            metadata = new { finalizers, resourceVersion = entity.Metadata.ResourceVersion },
        });
        return _client.PatchAsync(key, new V1Patch(body, V1Patch.PatchType.MergePatch), cancellationToken);
    }

    private static TEntity DeepCopy(TEntity entity) => KubernetesJson.Deserialize<TEntity>(KubernetesJson.Serialize(entity));

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting controller {Controller} with {Workers} workers")]
    private partial void LogStarting(string controller, int workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Controller} {Key} failed (attempt {Attempt}); retrying with backoff")]
    private partial void LogReconcileFailed(Exception ex, string controller, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Controller} {Key} hit a transient problem: {Reason} (attempt {Attempt}); retrying with backoff")]
    private partial void LogTransient(Exception? ex, string controller, string key, string reason, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Controller} {Key} hit a transient problem: {Reason}; retrying in {Delay}")]
    private partial void LogTransientPlanned(Exception? ex, string controller, string key, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Controller} {Key} is stalled: {Reason}; waiting for the object to change")]
    private partial void LogStalled(string controller, string key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller} finalized {Key} ({Finalizer})")]
    private partial void LogFinalized(string controller, string key, string finalizer);
}
