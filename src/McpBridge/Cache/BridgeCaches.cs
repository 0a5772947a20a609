using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Kubernetes;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpBridge.Cache;

/// <summary>The caches the bridge reads from (cluster-wide informers of templates, scaffolds, MCP servers, workflows, workflow runs, agents and model configs, typed) and the loops that keep them current.</summary>
public sealed class BridgeCaches : BackgroundService
{
    public BridgeCaches(KubernetesClients clients, ILoggerFactory loggerFactory)
    {
        Templates = new InformerResourceCache<CookiecutterTemplate>(Create<CookiecutterTemplate>(clients.Bridge, loggerFactory));
        Scaffolds = new InformerResourceCache<Scaffold>(Create<Scaffold>(clients.Bridge, loggerFactory));
        McpServers = new InformerResourceCache<McpServer>(Create<McpServer>(clients.Bridge, loggerFactory));
        Workflows = new InformerResourceCache<Workflow>(Create<Workflow>(clients.Bridge, loggerFactory));
        WorkflowRuns = new InformerResourceCache<WorkflowRun>(Create<WorkflowRun>(clients.Bridge, loggerFactory));
        Agents = new InformerResourceCache<Agent>(Create<Agent>(clients.Bridge, loggerFactory));
        ModelConfigs = new InformerResourceCache<ModelConfig>(Create<ModelConfig>(clients.Bridge, loggerFactory));
    }

    public InformerResourceCache<CookiecutterTemplate> Templates { get; }

    public InformerResourceCache<Scaffold> Scaffolds { get; }

    public InformerResourceCache<McpServer> McpServers { get; }

    public InformerResourceCache<Workflow> Workflows { get; }

    public InformerResourceCache<WorkflowRun> WorkflowRuns { get; }

    public InformerResourceCache<Agent> Agents { get; }

    public InformerResourceCache<ModelConfig> ModelConfigs { get; }

    /// <summary>
    /// Templates and scaffolds: what /readyz waits for. McpServers, workflows, runs, agents and model configs are left out on purpose, so the
    /// template tools serve on a cluster without those CRDs; their tools wait for their caches themselves
    /// (<see cref="ResourceCacheSync"/>).
    /// </summary>
    public bool IsSynced => Templates.IsSynced && Scaffolds.IsSynced;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            Templates.Informer.RunAsync(stoppingToken),
            Scaffolds.Informer.RunAsync(stoppingToken),
            McpServers.Informer.RunAsync(stoppingToken),
            Workflows.Informer.RunAsync(stoppingToken),
            WorkflowRuns.Informer.RunAsync(stoppingToken),
            Agents.Informer.RunAsync(stoppingToken),
            ModelConfigs.Informer.RunAsync(stoppingToken));

    // Every namespace: the bridge serves all tenants and scopes each call to the caller's namespace itself.
    private static Informer<T> Create<T>(IKubernetes client, ILoggerFactory loggerFactory) where T : IKubernetesObject<V1ObjectMeta> =>
        new(new ResourceClient<T>(client), new InformerOptions(), loggerFactory.CreateLogger<Informer<T>>());
}
