using DynamoMcp.McpBridge.Kubernetes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>The caches the bridge reads from, and the background loops that keep them current.</summary>
public sealed class BridgeCaches(KubernetesClients clients, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly WatchingResourceCache _templates = new(
        clients.Bridge, CustomResourceKind.CookiecutterTemplate, loggerFactory.CreateLogger<WatchingResourceCache>());

    private readonly WatchingResourceCache _scaffolds = new(
        clients.Bridge, CustomResourceKind.Scaffold, loggerFactory.CreateLogger<WatchingResourceCache>());

    public IResourceCache Templates => _templates;

    public IResourceCache Scaffolds => _scaffolds;

    public bool IsSynced => _templates.IsSynced && _scaffolds.IsSynced;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_templates.RunAsync(stoppingToken), _scaffolds.RunAsync(stoppingToken));
}
