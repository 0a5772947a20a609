using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Resources;

/// <summary>Generated projects as MCP resources: one file, or the whole archive.</summary>
[McpServerResourceType]
public sealed class ScaffoldResources(ProjectResults results, CallerResolver callers)
{
    [McpServerResource(UriTemplate = "scaffolds://{namespace}/{name}/files/{+path}", Name = "project-file", Title = "Project file")]
    [Description("One file of a generated project.")]
    public async Task<ResourceContents> File(
        RequestContext<ReadResourceRequestParams> context,
        [Description("Namespace of the project.")] string @namespace,
        [Description(ToolText.ProjectName)] string name,
        [Description("Path of the file inside the project.")] string path,
        CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context.User);
        var content = await results.ReadFileAsync(caller, @namespace, name, path, cancellationToken).ConfigureAwait(false);
        var uri = context.Params?.Uri ?? $"scaffolds://{@namespace}/{name}/files/{path}";
        return content.Encoding == "utf-8"
            ? new TextResourceContents { Uri = uri, MimeType = "text/plain", Text = content.Content }
            : BlobResourceContents.FromBytes(Convert.FromBase64String(content.Content), uri, "application/octet-stream");
    }

    [McpServerResource(UriTemplate = "scaffolds://{namespace}/{name}/archive", Name = "project-archive", Title = "Project archive", MimeType = "application/gzip")]
    [Description("The whole generated project as a tar.gz archive.")]
    public async Task<ResourceContents> Archive(
        RequestContext<ReadResourceRequestParams> context,
        [Description("Namespace of the project.")] string @namespace,
        [Description(ToolText.ProjectName)] string name,
        CancellationToken cancellationToken)
    {
        var caller = callers.Resolve(context.User);
        var archive = await results.GetArchiveAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        return BlobResourceContents.FromBytes(archive, context.Params?.Uri ?? $"scaffolds://{@namespace}/{name}/archive", "application/gzip");
    }
}
