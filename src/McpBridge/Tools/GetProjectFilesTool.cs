using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class GetProjectFilesTool(ProjectResults results, CallerResolver callers)
{
    [McpServerTool(Name = "get_project_files", Title = "List project files", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the files of a generated project (paths and sizes).")]
    public async Task<ProjectFilesResult> GetProjectFiles(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.ProjectName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var files = await results.ListFilesAsync(caller, ns, name, cancellationToken).ConfigureAwait(false);
        return new ProjectFilesResult(name, ns, files);
    }
}
