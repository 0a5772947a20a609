using System.Collections.Concurrent;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Gateway;
using DynamoMcp.McpBridge.Templates;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>
/// One tool collection per namespace: the fixed tools, a <c>scaffold_*</c> tool per Ready template of that namespace
/// and a <c>server__tool</c> tool per tool of each Ready McpServer there (the gateway's). Sessions get their
/// namespace's collection, so a tenant sees only its own templates and servers, and a template or server coming, going
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

                SyncGateway(collection, ns);
            }

            return collection;
        });

    public void Dispose()
    {
        _caches.Templates.Changed -= OnTemplateChanged;
        _gateway.NamespaceChanged -= OnGatewayChanged;
    }

    private void OnGatewayChanged(string @namespace)
    {
        if (!_collections.TryGetValue(@namespace, out var collection))
        {
            return;
        }

        lock (_lock)
        {
            SyncGateway(collection, @namespace);
        }
    }

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

    private void OnTemplateChanged(CacheEvent<CookiecutterTemplate> e)
    {
        if (!_collections.TryGetValue(e.Namespace, out var collection))
        {
            return;
        }

        lock (_lock)
        {
            var view = TemplateView.From(e.Resource);
            if (e.Type == CacheEventType.Deleted)
            {
                Remove(collection, view.Name);
            }
            else
            {
                Sync(collection, view);
            }
        }
    }

    private void Sync(McpServerPrimitiveCollection<McpServerTool> collection, TemplateView template)
    {
        if (!template.Ready || template.InputSchema is null)
        {
            Remove(collection, template.Name);
            return;
        }

        var tool = new ScaffoldTemplateTool(template);
        if (collection.TryGetPrimitive(tool.ProtocolTool.Name, out var existing))
        {
            if (existing is ScaffoldTemplateTool current && current.Fingerprint == tool.Fingerprint)
            {
                return;
            }

            // One list_changed for the swap, not two.
            using (collection.DeferChangedEvents())
            {
                collection.Remove(existing);
                collection.Add(tool);
            }

            LogToolAdded(tool.ProtocolTool.Name, template.Namespace);
            return;
        }

        collection.Add(tool);
        LogToolAdded(tool.ProtocolTool.Name, template.Namespace);
    }

    private void Remove(McpServerPrimitiveCollection<McpServerTool> collection, string templateName)
    {
        if (collection.TryGetPrimitive(ScaffoldToolName.For(templateName), out var existing) && existing is ScaffoldTemplateTool)
        {
            collection.Remove(existing);
            LogToolRemoved(existing.ProtocolTool.Name, templateName);
        }
    }

    [LoggerMessage(LogLevel.Information, "Gateway tools of namespace {Namespace}: {Count} ({Added} added, {Removed} removed or replaced)")]
    private partial void LogGatewayTools(string @namespace, int count, int added, int removed);

    [LoggerMessage(LogLevel.Information, "Tool {Tool} offered in namespace {Namespace}")]
    private partial void LogToolAdded(string tool, string @namespace);

    [LoggerMessage(LogLevel.Information, "Tool {Tool} withdrawn (template {Template})")]
    private partial void LogToolRemoved(string tool, string template);
}
