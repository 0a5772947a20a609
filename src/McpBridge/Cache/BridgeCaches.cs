using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Kubernetes;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>The caches the bridge reads from (cluster-wide informers of templates and scaffolds) and the loops that keep them current.</summary>
public sealed class BridgeCaches : BackgroundService
{
    private readonly Informer<CookiecutterTemplate> _templates;
    private readonly Informer<Scaffold> _scaffolds;

    public BridgeCaches(KubernetesClients clients, ILoggerFactory loggerFactory)
    {
        _templates = Create<CookiecutterTemplate>(clients.Bridge, loggerFactory);
        _scaffolds = Create<Scaffold>(clients.Bridge, loggerFactory);
        Templates = new InformerResourceCache<CookiecutterTemplate>(_templates);
        Scaffolds = new InformerResourceCache<Scaffold>(_scaffolds);
    }

    public IResourceCache Templates { get; }

    public IResourceCache Scaffolds { get; }

    public bool IsSynced => _templates.HasSynced && _scaffolds.HasSynced;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_templates.RunAsync(stoppingToken), _scaffolds.RunAsync(stoppingToken));

    // Every namespace: the bridge serves all tenants and scopes each call to the caller's namespace itself.
    private static Informer<T> Create<T>(IKubernetes client, ILoggerFactory loggerFactory) where T : IKubernetesObject<V1ObjectMeta> =>
        new(new ResourceClient<T>(client), new InformerOptions(), loggerFactory.CreateLogger<Informer<T>>());
}
