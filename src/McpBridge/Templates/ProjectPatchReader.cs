using System.Net;
using System.Security.Cryptography;
using System.Text;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// Reads the patch of an update Scaffold from the ConfigMap its status.update names (data key <c>patch</c>), with the
/// bridge's own account like the result chunks: only a ConfigMap owned by that Scaffold's uid, only when its SHA-256
/// is the one in status. Longer patches are cut at a line below <see cref="MaxPatchBytes"/>.
/// </summary>
public sealed partial class ProjectPatchReader(KubernetesClients clients, ILogger<ProjectPatchReader> logger)
{
    /// <summary>Data key of the patch in its ConfigMap.</summary>
    public const string PatchKey = "patch";

    /// <summary>Most bytes of patch text a tool result carries.</summary>
    public const int MaxPatchBytes = 256 * 1024;

    public async Task<ProjectPatch> ReadAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        var name = scaffold.Metadata.Name;
        var ns = scaffold.Metadata.NamespaceProperty;
        var update = scaffold.Status?.Update
            ?? throw new McpException(
                $"Project update '{name}' succeeded but its status records no update (status.update is empty): the operator may not support updates yet. Ask an administrator to check the operator's version.");
        if (update.PatchConfigMap is null)
        {
            return update.PatchSize is null or 0
                ? new ProjectPatch("", 0, Truncated: false)
                : throw new McpException($"Project update '{name}' records a patch of {update.PatchSize} bytes but no ConfigMap holding it. Create the update again (update_project).");
        }

        var configMap = update.PatchConfigMap;
        k8s.Models.V1ConfigMap found;
        try
        {
            found = await clients.Bridge.CoreV1.ReadNamespacedConfigMapAsync(configMap, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new McpException(
                $"The patch of project update '{name}' is gone: ConfigMap '{configMap}' does not exist in namespace '{ns}' (it may have expired with its Scaffold). Create the update again (update_project).");
        }
        catch (HttpOperationException e)
        {
            throw new McpException(
                $"Cannot read the patch of project update '{name}': the Kubernetes API answered {(int)e.Response.StatusCode} to the bridge. " +
                $"Retry later; if it persists, ask an administrator to check the bridge's access to ConfigMaps in namespace '{ns}'.");
        }

        if (found.Metadata.OwnerReferences?.Any(o => o.Uid == scaffold.Metadata.Uid) != true)
        {
            LogNotOwned(logger, ns, configMap, name);
            throw new McpException(
                $"The patch of project update '{name}' is not served: ConfigMap '{configMap}' is not owned by Scaffold '{ns}/{name}'. Create the update again (update_project).");
        }

        if (found.Data is null || !found.Data.TryGetValue(PatchKey, out var text))
        {
            throw new McpException(
                $"The patch of project update '{name}' is not served: ConfigMap '{configMap}' has no '{PatchKey}' key. Create the update again (update_project).");
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha256, update.PatchSha256, StringComparison.OrdinalIgnoreCase))
        {
            LogShaMismatch(logger, ns, configMap, name, update.PatchSha256 ?? "(none)", sha256);
            throw new McpException(
                $"The patch of project update '{name}' is not served: its SHA-256 is {sha256}, but the Scaffold recorded {update.PatchSha256 ?? "none"} " +
                $"(ConfigMap '{configMap}' was altered or is incomplete). Create the update again (update_project).");
        }

        return Cut(text, bytes);
    }

    /// <summary>The patch whole when it fits, else its lines up to <see cref="MaxPatchBytes"/>.</summary>
    public static ProjectPatch Cut(string text, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length <= MaxPatchBytes)
        {
            return new ProjectPatch(text, bytes.Length, Truncated: false);
        }

        var end = Array.LastIndexOf(bytes, (byte)'\n', MaxPatchBytes - 1);
        var kept = end < 0 ? 0 : end + 1;
        return new ProjectPatch(Encoding.UTF8.GetString(bytes, 0, kept), bytes.Length, Truncated: true);
    }

    [LoggerMessage(LogLevel.Warning, "Patch ConfigMap {Namespace}/{ConfigMap} of update Scaffold {Name} is not owned by it; not served")]
    private static partial void LogNotOwned(ILogger logger, string @namespace, string configMap, string name);

    [LoggerMessage(LogLevel.Warning, "Patch ConfigMap {Namespace}/{ConfigMap} of update Scaffold {Name} does not match its recorded SHA-256 {Recorded} (found {Found}); not served")]
    private static partial void LogShaMismatch(ILogger logger, string @namespace, string configMap, string name, string recorded, string found);
}
