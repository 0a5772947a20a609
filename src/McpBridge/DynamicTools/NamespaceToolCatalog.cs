using System.Collections.Concurrent;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Gateway;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Workflows;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>
/// One tool collection per namespace: the fixed tools, a <c>scaffold_*</c> tool per Ready template of that namespace,
/// a <c>workflow_*</c> tool per valid Workflow there and a <c>server__tool</c> tool per tool of each Ready McpServer
/// there (the gateway's). Sessions get their
/// namespace's collection, so a tenant sees only its own templates, workflows and servers, and one of them coming, going
/// or changing its tools changes only that collection: the SDK sends <c>notifications/tools/list_changed</c> to the
/// (stateful) sessions holding it.
/// </summary>
public sealed partial class NamespaceToolCatalog : IDisposable
{
    private readonly BridgeCaches _caches;
    private readonly IReadOnlyList<McpServerTool> _fixedTools;
    private readonly ILogger<NamespaceToolCatalog> _logger;
    private readonly ConcurrentDictionary<string, McpServerPrimitiveCollection<McpServerTool>> _collections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private readonly GatewayDirectory _gateway;

    public NamespaceToolCatalog(BridgeCaches caches, GatewayDirectory gateway, IEnumerable<McpServerTool> fixedTools, ILogger<NamespaceToolCatalog> logger)
    {
        _caches = caches;
        _gateway = gateway;
        _fixedTools = [.. fixedTools];
        _logger = logger;
        _caches.Templates.Changed += OnTemplateChanged;
        _caches.Workflows.Changed += OnWorkflowChanged;
        _gateway.NamespaceChanged += OnGatewayChanged;
    }

    /// <summary>The live tool collection of a namespace (created on first use from the cache).</summary>
    public McpServerPrimitiveCollection<McpServerTool> ForNamespace(string @namespace) =>
        _collections.GetOrAdd(@namespace, ns =>
        {
            var collection = new McpServerPrimitiveCollection<McpServerTool>();
            foreach (var tool in _fixedTools)
            {
                collection.Add(tool);
            }

            lock (_lock)
            {
                foreach (var template in _caches.Templates.List(ns))
                {
                    Sync(collection, TemplateView.From(template));
                }

                foreach (var workflow in _caches.Workflows.List(ns))
                {
                    Sync(collection, WorkflowView.From(workflow));
                }

                SyncGateway(collection, ns);
            }

            return collection;
        });

    public void Dispose()
    {
        _caches.Templates.Changed -= OnTemplateChanged;
        _caches.Workflows.Changed -= OnWorkflowChanged;
        _gateway.NamespaceChanged -= OnGatewayChanged;
    }

    private void OnGatewayChanged(string @namespace) => InCollection(@namespace, collection => SyncGateway(collection, @namespace));

    /// <summary>Makes the collection's gateway tools those of the namespace's catalog, with one list_changed for all of it.</summary>
    private void SyncGateway(McpServerPrimitiveCollection<McpServerTool> collection, string @namespace)
    {
        var desired = _gateway.Catalog(@namespace).Tools.Select(t => new GatewayProxyTool(@namespace, t)).ToDictionary(t => t.ProtocolTool.Name, StringComparer.Ordinal);
        var current = collection.OfType<GatewayProxyTool>().ToList();
        var stale = current.Where(t => !desired.TryGetValue(t.ProtocolTool.Name, out var wanted) || wanted.Fingerprint != t.Fingerprint).ToList();
        var kept = current.Except(stale).Select(t => t.ProtocolTool.Name).ToHashSet(StringComparer.Ordinal);
        var added = desired.Values.Where(t => !kept.Contains(t.ProtocolTool.Name)).ToList();
        if (stale.Count == 0 && added.Count == 0)
        {
            return;
        }

        using (collection.DeferChangedEvents())
        {
            foreach (var tool in stale)
            {
                collection.Remove(tool);
            }

            foreach (var tool in added)
            {
                collection.Add(tool);
            }
        }

        LogGatewayTools(@namespace, desired.Count, added.Count, stale.Count);
    }

    private void OnTemplateChanged(CacheEvent<CookiecutterTemplate> e) => InCollection(e.Namespace, collection =>
    {
        var view = TemplateView.From(e.Resource);
        if (e.Type == CacheEventType.Deleted)
        {
            Withdraw<ScaffoldTemplateTool>(collection, ScaffoldToolName.For(view.Name), view.Name);
        }
        else
        {
            Sync(collection, view);
        }
    });

    private void OnWorkflowChanged(CacheEvent<Workflow> e) => InCollection(e.Namespace, collection =>
    {
        var view = WorkflowView.From(e.Resource);
        if (e.Type == CacheEventType.Deleted)
        {
            Withdraw<WorkflowTool>(collection, view.Tool, view.Name);
        }
        else
        {
            Sync(collection, view);
        }
    });

    /// <summary>Changes the namespace's collection under the lock, if a session asked for it yet (else it is built current on first use).</summary>
    private void InCollection(string @namespace, Action<McpServerPrimitiveCollection<McpServerTool>> change)
    {
        if (!_collections.TryGetValue(@namespace, out var collection))
        {
            return;
        }

        lock (_lock)
        {
            change(collection);
        }
    }

    private void Sync(McpServerPrimitiveCollection<McpServerTool> collection, TemplateView template)
    {
        if (!template.Ready || template.InputSchema is null)
        {
            Withdraw<ScaffoldTemplateTool>(collection, ScaffoldToolName.For(template.Name), template.Name);
            return;
        }

        Offer(collection, new ScaffoldTemplateTool(template), t => t.Fingerprint, template.Namespace);
    }

    private void Sync(McpServerPrimitiveCollection<McpServerTool> collection, WorkflowView workflow)
    {
        if (!workflow.Valid)
        {
            Withdraw<WorkflowTool>(collection, workflow.Tool, workflow.Name);
            return;
        }

        Offer(collection, new WorkflowTool(workflow), t => t.Fingerprint, workflow.Namespace);
    }

    /// <summary>Adds the tool, or swaps it for the one of the same name when what clients see of it changed.</summary>
    private void Offer<T>(McpServerPrimitiveCollection<McpServerTool> collection, T tool, Func<T, string> fingerprint, string @namespace) where T : McpServerTool
    {
        if (collection.TryGetPrimitive(tool.ProtocolTool.Name, out var existing))
        {
            if (existing is T current && fingerprint(current) == fingerprint(tool))
            {
                return;
            }

            // One list_changed for the swap, not two.
            using (collection.DeferChangedEvents())
            {
                collection.Remove(existing);
                collection.Add(tool);
            }

            LogToolAdded(tool.ProtocolTool.Name, @namespace);
            return;
        }

        collection.Add(tool);
        LogToolAdded(tool.ProtocolTool.Name, @namespace);
    }

    /// <summary>Removes the tool <paramref name="toolName"/> if it is a <typeparamref name="T"/> (the resource's own tool, not another kind's).</summary>
    private void Withdraw<T>(McpServerPrimitiveCollection<McpServerTool> collection, string toolName, string resourceName) where T : McpServerTool
    {
        if (collection.TryGetPrimitive(toolName, out var existing) && existing is T)
        {
            collection.Remove(existing);
            LogToolRemoved(existing.ProtocolTool.Name, typeof(T).Name, resourceName);
        }
    }

    [LoggerMessage(LogLevel.Information, "Gateway tools of namespace {Namespace}: {Count} ({Added} added, {Removed} removed or replaced)")]
    private partial void LogGatewayTools(string @namespace, int count, int added, int removed);

    [LoggerMessage(LogLevel.Information, "Tool {Tool} offered in namespace {Namespace}")]
    private partial void LogToolAdded(string tool, string @namespace);

    [LoggerMessage(LogLevel.Information, "Tool {Tool} withdrawn ({Kind} of {Resource})")]
    private partial void LogToolRemoved(string tool, string kind, string resource);
}
