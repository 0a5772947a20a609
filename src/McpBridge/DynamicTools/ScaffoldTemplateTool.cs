using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>
/// The tool of one Ready template: its input schema is the template's variable schema, so a client sees (and an LLM
/// fills) the template's own variables; a call is create_project for that template.
/// </summary>
public sealed class ScaffoldTemplateTool(TemplateView template) : NamespaceTool<ProjectResult>(template.Namespace, Describe(template))
{
    private readonly string _template = template.Name;

    protected override Task<ProjectResult> RunAsync(
        IServiceProvider services, BridgeIdentity caller, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        services.GetRequiredService<ProjectService>().CreateAsync(
            caller, Namespace, _template, CreateProjectTool.ToJsonObject(request.Params?.Arguments), null, output: null, wait: true, ProgressSink.For(request), cancellationToken);

    private static Tool Describe(TemplateView template) => Describe(
        ScaffoldToolName.For(template.Name),
        $"Scaffold {template.Name}",
        $"Generate a project from template '{template.Name}'"
            + (template.Description is null ? "" : $" ({template.Description})")
            + ". The arguments are the template's variables; omitted ones take their defaults. Reports progress while the project is generated; returns the project name to read its files with get_project_files / read_project_file.",
        template.InputSchema);
}
