using System.ComponentModel;
using System.Text.Json;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class UpdateProjectTool(ProjectUpdateService updates, CallerResolver callers)
{
    [McpServerTool(Name = "update_project", Title = "Update a project", ReadOnly = false, Idempotent = false, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Updates a generated project to a newer template revision and/or changed variables: creates a Scaffold that renders the project again from the same template and returns the patch (git unified diff) from the project as it was generated to the updated one, with a summary of the changed files, to apply in your copy with `git apply -3`. Your own edits are not touched. Checked first, with nothing created on a problem: the project exists and Succeeded, its template is Ready and holds the ref, and the project's variables overlaid by yours fit the template. Reports progress like create_project; past the bridge's wait limit it returns the name to follow with get_project_status. check_project_update tells whether there is anything new.")]
    public Task<ProjectUpdateResult> UpdateProject(
        RequestContext<CallToolRequestParams> context,
        [Description("The project to update: the name create_project (or an earlier update_project) returned.")] string project,
        [Description("Template revision to update to: a commit SHA (or a prefix of at least 7 characters), a branch or tag name, or an archive digest, among those the template holds (check_project_update lists them). Empty: the template's current revision.")] string? @ref = null,
        [Description("Only the variables to change or add, as a JSON object, e.g. {\"port\": 9090}; the others keep the values the project was generated with.")] Dictionary<string, JsonElement>? variables = null,
        [Description("Template the project should be of; empty: the project's own. A different one is refused (an update stays within its template).")] string? template = null,
        [Description("Name for the update's Scaffold; empty generates one from the project name.")] string? name = null,
        [Description("Wait for the update to finish (reports progress). False returns at once with the name to poll.")] bool wait = true,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return updates.UpdateAsync(
            caller,
            ns,
            project.Trim(),
            string.IsNullOrWhiteSpace(template) ? null : template.Trim(),
            @ref,
            CreateProjectTool.ToJsonObject(variables),
            string.IsNullOrWhiteSpace(name) ? null : name.Trim(),
            wait,
            ProgressSink.For(context),
            cancellationToken);
    }
}
