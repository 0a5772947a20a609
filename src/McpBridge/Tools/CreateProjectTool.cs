using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class CreateProjectTool(ProjectService projects, CallerResolver callers)
{
    [McpServerTool(Name = "create_project", Title = "Create a project", ReadOnly = false, Idempotent = false, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Generates a project from a template (creates a Scaffold). The variables are checked against the template first: if any is wrong, every problem is listed and nothing is created. Then the call reports progress until the project is generated (and, with an output, pushed to git or uploaded to S3: the result says where); past the bridge's wait limit it returns the name to poll with get_project_status. Cancelling the call stops waiting, not the generation.")]
    public Task<ProjectResult> CreateProject(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.TemplateName)] string template,
        [Description("Template variables as a JSON object, e.g. {\"project_name\": \"demo\"}; omitted variables take their defaults. get_template_variables lists them.")] Dictionary<string, JsonElement>? variables = null,
        [Description("Name for the project; empty generates one from the template name.")] string? name = null,
        [Description("Where the project goes besides the cluster: {\"git\": {\"url\": \"https://github.com/org/repo.git\", \"branch\": \"main\", \"secret\": \"git-push\"}} pushes it as a commit; {\"s3\": {\"bucket\": \"projects\", \"secret\": \"s3-upload\"}} uploads the archive and returns a download URL. 'secret' names a Secret in the namespace with the credentials (the bridge does not read it). Omit to keep the project in the cluster only.")] ProjectOutputArgument? output = null,
        [Description("Wait for the generation to finish (reports progress). False returns at once with the name to poll.")] bool wait = true,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return projects.CreateAsync(caller, ns, template, ToJsonObject(variables), string.IsNullOrWhiteSpace(name) ? null : name, output, wait, ProgressSink.For(context), cancellationToken);
    }

    internal static JsonObject ToJsonObject(IEnumerable<KeyValuePair<string, JsonElement>>? variables)
    {
        var result = new JsonObject();
        foreach (var (key, value) in variables ?? [])
        {
            result[key] = JsonNode.Parse(value.GetRawText());
        }

        return result;
    }
}
