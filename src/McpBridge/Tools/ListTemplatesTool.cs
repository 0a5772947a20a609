using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.DynamicTools;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class ListTemplatesTool(TemplateService templates, CallerResolver callers)
{
    [McpServerTool(Name = "list_templates", Title = "List templates", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the cookiecutter templates available in your namespace, optionally filtered by tag or by text in the name or description. Ready templates name the scaffold_ tool that generates a project from them; get_template_variables shows what a template asks for, and the templates://{name}/info resource where it comes from.")]
    public async Task<TemplateListResult> ListTemplates(
        RequestContext<CallToolRequestParams> context,
        [Description("Only templates carrying this tag (case-insensitive).")] string? tag = null,
        [Description("Only templates whose name or description contains this text (case-insensitive).")] string? text = null,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var all = await templates.ListAsync(caller, ns, cancellationToken).ConfigureAwait(false);
        var matching = all
            .Where(t => string.IsNullOrWhiteSpace(tag) || t.Tags.Contains(tag.Trim(), StringComparer.OrdinalIgnoreCase))
            .Where(t => string.IsNullOrWhiteSpace(text)
                || t.Name.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)
                || (t.Description?.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase) ?? false))
            .Select(ToSummary)
            .ToList();
        return new TemplateListResult(ns, matching);
    }

    internal static TemplateSummary ToSummary(TemplateView t) => new(t.Name, t.Description, t.Tags, t.Ready, StatusOf(t), ToolOf(t));

    internal static TemplateInfo ToInfo(TemplateView t) => new(
        t.Name, t.Namespace, t.Description, t.Tags, t.Source, t.Ref, t.Directory, t.ResolvedRevision, t.Ready, StatusOf(t), ToolOf(t), t.Variables.Count);

    private static string? StatusOf(TemplateView t) => t.Ready ? null : t.StatusMessage ?? "waiting for the operator to inspect it";

    private static string? ToolOf(TemplateView t) => t.Ready && t.InputSchema is not null ? ScaffoldToolName.For(t.Name) : null;
}
