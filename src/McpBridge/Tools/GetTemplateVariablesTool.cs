using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class GetTemplateVariablesTool(TemplateService templates, CallerResolver callers)
{
    [McpServerTool(Name = "get_template_variables", Title = "Get template variables", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Shows the variables a template asks for (defaults, descriptions, allowed values) and the JSON Schema create_project validates against.")]
    public async Task<TemplateVariablesResult> GetTemplateVariables(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.TemplateName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var t = await templates.GetAsync(caller, ns, name, cancellationToken).ConfigureAwait(false);
        return new TemplateVariablesResult(
            t.Name, t.Namespace, t.Ready, t.Ready ? null : t.StatusMessage ?? "waiting for the operator to inspect it", t.ResolvedRevision, t.Variables, t.InputSchema);
    }
}
