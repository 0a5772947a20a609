using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class GetProjectStatusTool(ProjectService projects, CallerResolver callers)
{
    [McpServerTool(Name = "get_project_status", Title = "Get project status", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Shows whether a project is still being generated, succeeded (with its file list) or failed (with the reason).")]
    public async Task<ProjectResult> GetProjectStatus(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.ProjectName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var scaffold = await projects.GetAsync(caller, ns, name, cancellationToken).ConfigureAwait(false);
        return ProjectResult.From(scaffold, waitedOut: false);
    }
}
