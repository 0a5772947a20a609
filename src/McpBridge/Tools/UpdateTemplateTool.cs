using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class UpdateTemplateTool(TemplateService templates, CallerResolver callers)
{
    [McpServerTool(Name = "update_template", Title = "Refresh a template", ReadOnly = false, Idempotent = true, Destructive = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Asks the operator to fetch the template again now (new commits on its branch, changed variables) instead of waiting for its refresh interval.")]
    public async Task<TemplateChangeResult> UpdateTemplate(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.TemplateName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        await templates.RequestRefreshAsync(caller, ns, name, cancellationToken).ConfigureAwait(false);
        var view = templates.Cache.Get(ns, name) is { } r ? TemplateView.From(r) : null;
        return new TemplateChangeResult(name, ns, view?.Ready == true, view?.StatusMessage, "Refresh requested; get_template_variables shows the result once the operator is done.");
    }
}
