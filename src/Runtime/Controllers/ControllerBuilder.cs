using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DynamoMcp.Runtime.Controllers;

/// <summary>
/// Declares what a controller for <typeparamref name="TEntity"/> watches (controller-runtime's builder):
/// the entity itself, owned children, and other kinds mapped to entity keys.
/// </summary>
public sealed class ControllerBuilder<TEntity> where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly IServiceCollection _services;
    private readonly List<Type> _finalizers = new();
    private readonly List<Action<InformerRegistry, Action<ObjectKey>>> _sources = new();
    private string _name;
    private int? _workers;

    internal ControllerBuilder(IServiceCollection services)
    {
        _services = services;
        _name = ResourceKind.Of<TEntity>().Kind.ToLowerInvariant();
    }

    /// <summary>The controller name: the <c>controller</c> label of the metrics and the work queue name (default: lowercase kind).</summary>
    public ControllerBuilder<TEntity> Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = name;
        return this;
    }

    /// <summary>Concurrent reconciles (different keys only; one key is never reconciled twice at once).</summary>
    public ControllerBuilder<TEntity> WithWorkers(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _workers = workers;
        return this;
    }

    /// <summary>Changes of <typeparamref name="TChild"/> enqueue the <typeparamref name="TEntity"/> named by their controller ownerReference.</summary>
    public ControllerBuilder<TEntity> Owns<TChild>() where TChild : IKubernetesObject<V1ObjectMeta>
    {
        var owner = ResourceKind.Of<TEntity>();
        _sources.Add((registry, enqueue) =>
        {
            void EnqueueOwner(TChild child)
            {
                var reference = child.Metadata?.OwnerReferences?.FirstOrDefault(o =>
                    o.Controller == true && o.Kind == owner.Kind && o.ApiVersion == owner.ApiVersion);
                if (reference is not null)
                {
                    enqueue(new ObjectKey(string.IsNullOrEmpty(child.Metadata!.NamespaceProperty) ? null : child.Metadata.NamespaceProperty, reference.Name));
                }
            }

            registry.Get<TChild>().AddEventHandler(new ResourceEventHandler<TChild>(
                EnqueueOwner,
                (oldChild, newChild) =>
                {
                    EnqueueOwner(oldChild);
                    EnqueueOwner(newChild);
                },
                EnqueueOwner));
        });
        return this;
    }

    /// <summary>Changes of <typeparamref name="TOther"/> enqueue the keys <paramref name="map"/> returns.</summary>
    public ControllerBuilder<TEntity> Watches<TOther>(Func<TOther, IEnumerable<ObjectKey>> map) where TOther : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(map);
        _sources.Add((registry, enqueue) =>
        {
            void EnqueueMapped(TOther other)
            {
                foreach (var key in map(other))
                {
                    enqueue(key);
                }
            }

            registry.Get<TOther>().AddEventHandler(new ResourceEventHandler<TOther>(
                EnqueueMapped,
                (oldOther, newOther) =>
                {
                    EnqueueMapped(oldOther);
                    EnqueueMapped(newOther);
                },
                EnqueueMapped));
        });
        return this;
    }

    /// <summary>Adds a named index to the cache of <typeparamref name="TEntity"/> (what reconcilers and watch maps look up).</summary>
    public ControllerBuilder<TEntity> WithIndex(string name, Func<TEntity, IEnumerable<string>> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        _sources.Add((registry, _) => registry.AddIndex(name, values));
        return this;
    }

    /// <summary>
    /// Changes of <typeparamref name="TOther"/> enqueue every <typeparamref name="TEntity"/> filed under the values
    /// <paramref name="values"/> returns in the index <paramref name="indexName"/> (for example: a template change
    /// enqueues the Scaffolds whose spec.templateRef names it). Add the index with <see cref="WithIndex"/>.
    /// </summary>
    public ControllerBuilder<TEntity> WatchesThroughIndex<TOther>(string indexName, Func<TOther, IEnumerable<string>> values)
        where TOther : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexName);
        ArgumentNullException.ThrowIfNull(values);
        _sources.Add((registry, enqueue) =>
        {
            var cache = registry.Cache<TEntity>();
            void EnqueueIndexed(TOther other)
            {
                foreach (var value in values(other))
                {
                    foreach (var entity in cache.ListByIndex(indexName, value))
                    {
                        enqueue(ObjectKey.From(entity));
                    }
                }
            }

            registry.Get<TOther>().AddEventHandler(new ResourceEventHandler<TOther>(
                EnqueueIndexed,
                (oldOther, newOther) =>
                {
                    EnqueueIndexed(oldOther);
                    EnqueueIndexed(newOther);
                },
                EnqueueIndexed));
        });
        return this;
    }

    /// <summary>Adds a finalizer run before the entity is deleted (registered as a scoped service).</summary>
    public ControllerBuilder<TEntity> WithFinalizer<TFinalizer>() where TFinalizer : class, IEntityFinalizer<TEntity>
    {
        _services.TryAddScoped<TFinalizer>();
        _finalizers.Add(typeof(TFinalizer));
        return this;
    }

    internal ControllerDefinition Build(Type controllerType) =>
        new(_name, typeof(TEntity), controllerType, _workers, [.. _finalizers], [.. _sources]);
}
