using DynamoMcp.McpBridge.Auth;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Templates;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Tools;

/// <summary>Reads a Succeeded project's result for the file tools and resources, with errors that say what to do.</summary>
public sealed class ProjectResults(ProjectService projects, ScaffoldResultReader reader)
{
    public async Task<IReadOnlyList<ScaffoldFile>> ListFilesAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await RequireSucceededAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        return await reader.ListFilesAsync(@namespace, name, cancellationToken).ConfigureAwait(false) ?? throw NoResult(name);
    }

    public async Task<ProjectFileContent> ReadFileAsync(BridgeIdentity caller, string @namespace, string name, string path, CancellationToken cancellationToken)
    {
        await RequireSucceededAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        var content = await reader.ReadFileAsync(@namespace, name, path, cancellationToken).ConfigureAwait(false)
            ?? throw new McpException($"Project '{name}' has no file '{path}'. Call get_project_files for the list of paths.");
        return ToContent(path, content);
    }

    public async Task<byte[]> GetArchiveAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await RequireSucceededAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        return await reader.GetArchiveAsync(@namespace, name, cancellationToken).ConfigureAwait(false) ?? throw NoResult(name);
    }

    public static ProjectFileContent ToContent(string path, byte[] content)
    {
        try
        {
            var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
            return new ProjectFileContent(path, content.LongLength, "utf-8", text);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return new ProjectFileContent(path, content.LongLength, "base64", Convert.ToBase64String(content));
        }
    }

    private async Task RequireSucceededAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        var scaffold = await projects.GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        if (scaffold.Phase != "Succeeded")
        {
            throw new McpException(
                $"Project '{name}' is {scaffold.Phase}{(scaffold.Message is null ? "" : " (" + scaffold.Message + ")")}: files exist only once it Succeeded. Call get_project_status to follow it.");
        }
    }

    private static McpException NoResult(string name) =>
        new($"Project '{name}' succeeded but its result is no longer stored (it may have expired). Create the project again.");
}
