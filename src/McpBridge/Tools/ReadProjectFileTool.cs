using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class ReadProjectFileTool(ProjectResults results, CallerResolver callers)
{
    [McpServerTool(Name = "read_project_file", Title = "Read a project file", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns the content of one file of a generated project (text as UTF-8, binary as base64).")]
    public Task<ProjectFileContent> ReadProjectFile(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.ProjectName)] string name,
        [Description("Path of the file inside the project, as get_project_files lists it.")] string path,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return results.ReadFileAsync(caller, ns, name, path, cancellationToken);
    }
}
