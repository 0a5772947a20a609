using System.Collections.Concurrent;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Runtime.Informers;

/// <summary>
/// One shared informer per kind, so every controller (and the bridge) watching a kind shares one cache.
/// Informers asked for after <see cref="Start"/> start at once.
/// </summary>
public sealed class InformerRegistry(IServiceProvider services, IOptions<ControllerRuntimeOptions> options, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<Type, IInformer> _informers = new();
    private readonly ConcurrentBag<Task> _running = new();
    private readonly Lock _lock = new();
    private CancellationToken? _started;

    public IReadOnlyCollection<IInformer> All => [.. _informers.Values];

    public bool AllSynced => _informers.Values.All(i => i.HasSynced);

    public Informer<T> Get<T>() where T : IKubernetesObject<V1ObjectMeta>
    {
        lock (_lock)
        {
            if (_informers.TryGetValue(typeof(T), out var existing))
            {
                return (Informer<T>)existing;
            }

            var informer = new Informer<T>(
                services.GetRequiredService<IResourceClient<T>>(),
                new InformerOptions { Namespaces = options.Value.Namespaces, WatchTimeout = options.Value.WatchTimeout },
                loggerFactory.CreateLogger<Informer<T>>());
            _informers[typeof(T)] = informer;
            if (_started is { } token)
            {
                _running.Add(informer.RunAsync(token));
            }

            return informer;
        }
    }

    /// <summary>The cache reconcilers read for kind <typeparamref name="T"/>.</summary>
    public IReadOnlyCache<T> Cache<T>() where T : IKubernetesObject<V1ObjectMeta> => Get<T>().Cache;

    /// <summary>Adds a named index to the shared cache of <typeparamref name="T"/> (see <see cref="InformerCache{T}.AddIndex"/>).</summary>
    public void AddIndex<T>(string name, Func<T, IEnumerable<string>> values) where T : IKubernetesObject<V1ObjectMeta> =>
        Get<T>().Cache.AddIndex(name, values);

    /// <summary>Starts every informer (and any asked for later) until <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Start(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_started is not null)
            {
                return;
            }

            _started = cancellationToken;
            foreach (var informer in _informers.Values)
            {
                _running.Add(informer.RunAsync(cancellationToken));
            }
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_informers.Values.Select(i => i.WaitForSyncAsync(cancellationToken)));

    /// <summary>Completes when every started informer has stopped.</summary>
    public Task StoppedAsync() => Task.WhenAll(_running);
}
