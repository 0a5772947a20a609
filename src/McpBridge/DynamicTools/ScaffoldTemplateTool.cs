using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.DynamicTools;

/// <summary>
/// The tool of one Ready template: its input schema is the template's variable schema, so a client sees (and an LLM
/// fills) the template's own variables; a call is create_project for that template.
/// </summary>
public sealed class ScaffoldTemplateTool : McpServerTool
{
    private readonly string _namespace;
    private readonly string _template;

    public ScaffoldTemplateTool(TemplateView template)
    {
        _namespace = template.Namespace;
        _template = template.Name;
        var schema = template.InputSchema?.DeepClone().AsObject() ?? [];
        schema["type"] = "object";
        var description = $"Generate a project from template '{template.Name}'"
            + (template.Description is null ? "" : $" ({template.Description})")
            + ". The arguments are the template's variables; omitted ones take their defaults. Reports progress while the project is generated; returns the project name to read its files with get_project_files / read_project_file.";
        ProtocolTool = new Tool
        {
            Name = ScaffoldToolName.For(template.Name),
            Title = $"Scaffold {template.Name}",
            Description = description,
            InputSchema = JsonSerializer.SerializeToElement(schema),
            Annotations = new ToolAnnotations
            {
                ReadOnlyHint = false,
                DestructiveHint = false,
                IdempotentHint = false,
                OpenWorldHint = false,
            },
        };
        Fingerprint = ProtocolTool.Description + "\n" + schema.ToJsonString();
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata => [];

    /// <summary>What a client sees of the tool; a new fingerprint means the tool must be replaced.</summary>
    public string Fingerprint { get; }

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var services = request.Services ?? throw new InvalidOperationException("The MCP request carries no services.");
        var caller = services.GetRequiredService<CallerResolver>().Resolve(request.User);
        if (caller.Namespace != _namespace)
        {
            throw new McpException($"Tool '{ProtocolTool.Name}' belongs to namespace '{_namespace}', not yours ('{caller.Namespace}'). Call tools/list again.");
        }

        var projects = services.GetRequiredService<ProjectService>();
        var variables = CreateProjectTool.ToJsonObject(request.Params?.Arguments);
        try
        {
            var result = await projects.CreateAsync(caller, _namespace, _template, variables, null, wait: true, ProgressSink.For(request), cancellationToken).ConfigureAwait(false);
            var json = JsonSerializer.SerializeToNode(result, McpJsonUtilities.DefaultOptions);
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = json!.ToJsonString() }],
                StructuredContent = JsonSerializer.SerializeToElement(json, McpJsonUtilities.DefaultOptions),
            };
        }
        catch (McpException e)
        {
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = e.Message }] };
        }
    }
}
