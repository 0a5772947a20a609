using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Catalog;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class DiscoverTemplatesTool(TemplateCatalog catalog, TemplateService templates, CallerResolver callers)
{
    [McpServerTool(Name = "discover_templates", Title = "Discover templates", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists templates from the platform's catalog that are not added to your namespace yet; add one with add_template.")]
    public async Task<DiscoverTemplatesResult> DiscoverTemplates(
        RequestContext<CallToolRequestParams> context,
        [Description("Only entries whose name, description or tags contain this text (case-insensitive).")] string? text = null,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var added = await templates.ListAsync(caller, ns, cancellationToken).ConfigureAwait(false);
        var addedNames = added.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var addedSources = added.Select(t => t.Source).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var entries = await catalog.LoadAsync(cancellationToken).ConfigureAwait(false);
        var found = entries
            .Where(e => !addedNames.Contains(e.Name) && !addedSources.Contains(e.GitUrl))
            .Where(e => string.IsNullOrWhiteSpace(text)
                || e.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                || (e.Description?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
                || e.Tags.Any(t => t.Contains(text, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new DiscoverTemplatesResult(ns, found);
    }
}
