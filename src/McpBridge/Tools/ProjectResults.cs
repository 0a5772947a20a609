using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using k8s.Autorest;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Tools;

/// <summary>Reads a Succeeded project's result for the file tools and resources, with errors that say what to do.</summary>
public sealed class ProjectResults(ProjectService projects, ScaffoldResultReader reader)
{
    public async Task<IReadOnlyList<ScaffoldFile>> ListFilesAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        return ScaffoldArchive.ListFiles(archive);
    }

    public async Task<ProjectFileContent> ReadFileAsync(BridgeIdentity caller, string @namespace, string name, string path, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        var content = ScaffoldArchive.ReadFile(archive, path)
            ?? throw new McpException($"Project '{name}' has no file '{path}'. Call get_project_files for the list of paths.");
        return ToContent(path, content);
    }

    /// <summary>The project's verified archive: exactly the chunks its status names, owned by it, matching its sha256.</summary>
    public async Task<byte[]> GetArchiveAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        var scaffold = await RequireSucceededAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        try
        {
            return await reader.GetArchiveAsync(scaffold, cancellationToken).ConfigureAwait(false) ?? throw NoResult(name);
        }
        catch (ScaffoldResultException e)
        {
            throw new McpException($"Project '{name}' cannot be read: {e.Message}");
        }
        catch (HttpOperationException e)
        {
            // Results are read with the bridge's own account (the caller may read the Scaffold, checked above).
            throw new McpException(
                $"Cannot read the files of project '{name}': the Kubernetes API answered {(int)e.Response.StatusCode} to the bridge. " +
                $"Retry later; if it persists, ask an administrator to check the bridge's access to ConfigMaps in namespace '{@namespace}'.");
        }
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

    private async Task<Scaffold> RequireSucceededAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        var scaffold = await projects.GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        var phase = ProjectResult.PhaseOf(scaffold);
        if (phase != ScaffoldPhase.Succeeded)
        {
            var message = scaffold.Status?.Message;
            throw new McpException(
                $"Project '{name}' is {phase}{(message is null ? "" : " (" + message + ")")}: files exist only once it Succeeded. Call get_project_status to follow it.");
        }

        return scaffold;
    }

    private static McpException NoResult(string name) =>
        new($"Project '{name}' succeeded but its result is no longer stored (it may have expired). Create the project again.");
}
