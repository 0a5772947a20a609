using System.ComponentModel;
using System.Text.Json;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Resources;

/// <summary>Templates of the caller's namespace as MCP resources (JSON).</summary>
[McpServerResourceType]
public sealed class TemplateResources(TemplateService templates, CallerResolver callers)
{
    [McpServerResource(UriTemplate = "templates://list", Name = "templates", Title = "Templates", MimeType = "application/json")]
    [Description("The templates of your namespace with their state (same content as list_templates).")]
    public async Task<string> List(RequestContext<ReadResourceRequestParams> context, CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context.User);
        var list = await templates.ListAsync(caller, caller.Namespace, cancellationToken).ConfigureAwait(false);
        return Json(new TemplateListResult(caller.Namespace, [.. list.Select(ListTemplatesTool.ToSummary)]));
    }

    [McpServerResource(UriTemplate = "templates://{name}/variables", Name = "template-variables", Title = "Template variables", MimeType = "application/json")]
    [Description("The variables of one template of your namespace and their JSON Schema.")]
    public async Task<string> Variables(
        RequestContext<ReadResourceRequestParams> context,
        [Description(ToolText.TemplateName)] string name,
        CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context.User);
        var t = await templates.GetAsync(caller, caller.Namespace, name, cancellationToken).ConfigureAwait(false);
        return Json(new TemplateVariablesResult(t.Name, t.Namespace, t.Ready, t.StatusMessage, t.ResolvedRevision, t.Variables, t.InputSchema));
    }

    [McpServerResource(UriTemplate = "templates://{name}/info", Name = "template-info", Title = "Template", MimeType = "application/json")]
    [Description("Source, state and tool of one template of your namespace.")]
    public async Task<string> Info(
        RequestContext<ReadResourceRequestParams> context,
        [Description(ToolText.TemplateName)] string name,
        CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context.User);
        var t = await templates.GetAsync(caller, caller.Namespace, name, cancellationToken).ConfigureAwait(false);
        return Json(ListTemplatesTool.ToInfo(t));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, McpJsonUtilities.DefaultOptions);
}
