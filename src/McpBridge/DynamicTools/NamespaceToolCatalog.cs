using System.Collections.Concurrent;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Templates;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>
/// One tool collection per namespace: the fixed tools plus a <c>scaffold_*</c> tool per Ready template of that
/// namespace. Sessions get their namespace's collection, so a tenant sees only its own templates, and a template
/// coming or going changes only that collection: the SDK sends <c>notifications/tools/list_changed</c> to the
/// (stateful) sessions holding it.
/// </summary>
public sealed partial class NamespaceToolCatalog : IDisposable
{
    private readonly BridgeCaches _caches;
    private readonly IReadOnlyList<McpServerTool> _fixedTools;
    private readonly ILogger<NamespaceToolCatalog> _logger;
    private readonly ConcurrentDictionary<string, McpServerPrimitiveCollection<McpServerTool>> _collections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public NamespaceToolCatalog(BridgeCaches caches, IEnumerable<McpServerTool> fixedTools, ILogger<NamespaceToolCatalog> logger)
    {
        _caches = caches;
        _fixedTools = [.. fixedTools];
        _logger = logger;
        _caches.Templates.Changed += OnTemplateChanged;
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
            }

            return collection;
        });

    public void Dispose() => _caches.Templates.Changed -= OnTemplateChanged;

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

    [LoggerMessage(LogLevel.Information, "Tool {Tool} offered in namespace {Namespace}")]
    private partial void LogToolAdded(string tool, string @namespace);

    [LoggerMessage(LogLevel.Information, "Tool {Tool} withdrawn (template {Template})")]
    private partial void LogToolRemoved(string tool, string template);
}
