using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class CheckProjectUpdateTool(ProjectUpdateService updates, CallerResolver callers)
{
    [McpServerTool(Name = "check_project_update", Title = "Check a project for template updates", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Tells whether the template of a generated project moved on since the project was generated: the project's revision, the template's current one, whether it is up to date, and the newer revisions the template holds. Changes nothing; update_project makes the patch.")]
    public Task<ProjectUpdateCheckResult> CheckProjectUpdate(
        RequestContext<CallToolRequestParams> context,
        [Description("The project to check: the name create_project (or update_project) returned.")] string project,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return updates.CheckAsync(caller, ns, project.Trim(), cancellationToken);
    }
}
