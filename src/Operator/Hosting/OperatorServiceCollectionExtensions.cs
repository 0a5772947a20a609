using Microsoft.Extensions.DependencyInjection.Extensions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Hosting;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Operator.Agents;
using DynamoMcp.Operator.McpServers;
using DynamoMcp.Mcp.Gateway;
using DynamoMcp.Operator.Workflows;
using DynamoMcp.Operator.Workflows.Runs;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Operator.Templates;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Operator.Hosting;

/// <summary>Registers the Dynamo MCP controllers on the controller runtime.</summary>
public static class OperatorServiceCollectionExtensions
{
    /// <summary>Adds the CookiecutterTemplate and Scaffold controllers and what they need (sandbox options, log reader).</summary>
    public static IServiceCollection AddTemplateControllers(this IServiceCollection services, SandboxOptions sandbox, int workers)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sandbox);
        sandbox.Validate();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(sandbox));
        services.AddSingleton<SandboxLogReader>();
        services.AddSingleton<SandboxPodWaits>();
        services.AddController<CookiecutterTemplate, CookiecutterTemplateController>(c => c
            .WithWorkers(workers)
            .Owns<V1Job>()
            .Owns<V1ConfigMap>()
            .Owns<V1NetworkPolicy>());
        services.AddController<Scaffold, ScaffoldController>(c => c
            .WithWorkers(workers)
            .Owns<V1Job>()
            .Owns<V1ConfigMap>()
            .Owns<V1NetworkPolicy>()
            .WithIndex(ScaffoldController.TemplateIndex, ScaffoldController.TemplateKeys)
            .WithIndex(ScaffoldController.UpdateFromIndex, ScaffoldController.UpdateFromKeys)
            // An update waits for the Scaffold it updates: that one's changes enqueue it.
            .WatchesThroughIndex<Scaffold>(ScaffoldController.UpdateFromIndex, s => [$"{s.Metadata.NamespaceProperty}/{s.Metadata.Name}"])
            .WatchesThroughIndex<CookiecutterTemplate>(ScaffoldController.TemplateIndex, t => [$"{t.Metadata.NamespaceProperty}/{t.Metadata.Name}"]));
        return services;
    }

    /// <summary>Adds the Workflow controller: workflows validated into their status.</summary>
    public static IServiceCollection AddWorkflowControllers(this IServiceCollection services, int workers)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddController<Workflow, WorkflowController>(c => c.WithWorkers(workers));
        services.TryAddSingleton<McpRemoteHeaderReader>();
        services.TryAddSingleton<SandboxLogReader>();
        services.TryAddSingleton(sp => new UpstreamSessionPool(new UpstreamSessionPoolOptions(), sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new UpstreamToolCall(sp.GetRequiredService<UpstreamSessionPool>(), sp.GetService<ILogger<UpstreamToolCall>>()));
        services.TryAddSingleton<WorkflowToolCalls>();
        services.AddController<WorkflowRun, WorkflowRunController>(c => c
            .WithWorkers(workers)
            .Owns<V1Job>()
            .Owns<Scaffold>()
            .Owns<V1ConfigMap>()
            .WithIndex(WorkflowRunController.WorkflowIndex, WorkflowRunController.WorkflowKeys)
            .WatchesThroughIndex<Workflow>(WorkflowRunController.WorkflowIndex, w => [$"{w.Metadata.NamespaceProperty}/{w.Metadata.Name}"]));
        return services;
    }

    /// <summary>Adds the ModelConfig and Agent controllers: agents run as Jobs, in trees with budgets.</summary>
    public static IServiceCollection AddAgentControllers(this IServiceCollection services, AgentOptions options, int workers)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.TryAddSingleton<SandboxLogReader>();
        services.AddController<ModelConfig, ModelConfigController>(c => c.WithWorkers(workers));
        services.AddController<Agent, AgentController>(c => c
            .WithWorkers(workers)
            .Owns<V1Job>()
            .Owns<V1ConfigMap>()
            .Owns<V1ServiceAccount>()
            .Owns<V1NetworkPolicy>()
            .WithIndex(AgentController.ParentIndex, AgentController.ParentKeys)
            // A child's change wakes its parent (reservations, subtree spending); a parent's wakes its children (terminate).
            .Watches<Agent>(a => a.Spec.ParentRef is { } p ? [new ObjectKey(a.Metadata.NamespaceProperty, p.Name)] : [])
            .WatchesThroughIndex<Agent>(AgentController.ParentIndex, a => [$"{a.Metadata.NamespaceProperty}/{a.Metadata.Name}"])
            .WithIndex(AgentController.ModelConfigIndex, a => [$"{a.Metadata.NamespaceProperty}/{a.Spec.ModelConfigRef.Name}"])
            .WatchesThroughIndex<ModelConfig>(AgentController.ModelConfigIndex, m => [$"{m.Metadata.NamespaceProperty}/{m.Metadata.Name}"]));
        return services;
    }

    /// <summary>Adds the McpServer controller: the workloads of servers and the discovery of their tools.</summary>
    public static IServiceCollection AddMcpServerControllers(this IServiceCollection services, McpServerOptions options, int workers)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton<IMcpServerProbe>(sp => new McpServerProbe(sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<McpRemoteHeaderReader>();
        services.AddController<McpServer, McpServerController>(c => c
            .WithWorkers(workers)
            .Owns<V1Deployment>()
            .Owns<V1Service>()
            .Owns<V1ServiceAccount>()
            .Owns<V1NetworkPolicy>());
        return services;
    }
}
