using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class RemoveTemplateTool(TemplateService templates, CallerResolver callers)
{
    [McpServerTool(Name = "remove_template", Title = "Remove a template", ReadOnly = false, Idempotent = true, Destructive = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Removes a template (deletes the CookiecutterTemplate). Projects already generated from it are kept; its scaffold_ tool disappears.")]
    public async Task<TemplateChangeResult> RemoveTemplate(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.TemplateName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        await templates.RemoveAsync(caller, ns, name, cancellationToken).ConfigureAwait(false);
        return new TemplateChangeResult(name, ns, false, "removed", "Removed. add_template adds it again; discover_templates lists known templates.");
    }
}
