using System.Net;
using System.Text.Json;
using DynamoMcp.Api.V1Alpha1;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.Api.Scaffolds;

/// <summary>
/// Reads a Scaffold's inline result (see <see cref="ScaffoldResultFormat"/>) through the API: the archive, its file
/// list, one file. It reads exactly the ConfigMaps the Scaffold's <c>status.artifact</c> names and verifies them
/// (<see cref="ScaffoldResultAssembler"/>); a result that does not verify throws <see cref="ScaffoldResultException"/>.
/// Null means the Scaffold has no stored result (yet).
/// </summary>
public sealed class ScaffoldResultReader(IKubernetes client)
{
    /// <summary>The archive of the Scaffold as given (typically from a cache): its uid and status decide what is read.</summary>
    public async Task<byte[]?> GetArchiveAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        var names = ScaffoldResultAssembler.ChunkNames(scaffold);
        if (names.Count == 0)
        {
            return null;
        }

        var found = new Dictionary<string, V1ConfigMap>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            try
            {
                found[name] = await client.CoreV1.ReadNamespacedConfigMapAsync(
                    name, scaffold.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Reported by the assembler, which names the chunk and its position.
            }
        }

        return ScaffoldResultAssembler.Assemble(scaffold, found);
    }

    /// <summary>The archive of Scaffold <paramref name="namespace"/>/<paramref name="scaffoldName"/> as the API has it now; null when it does not exist.</summary>
    public async Task<byte[]?> GetArchiveAsync(string @namespace, string scaffoldName, CancellationToken cancellationToken) =>
        await GetScaffoldAsync(@namespace, scaffoldName, cancellationToken).ConfigureAwait(false) is { } scaffold
            ? await GetArchiveAsync(scaffold, cancellationToken).ConfigureAwait(false)
            : null;

    public async Task<IReadOnlyList<ScaffoldFile>?> ListFilesAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(scaffold, cancellationToken).ConfigureAwait(false);
        return archive is null ? null : ScaffoldArchive.ListFiles(archive);
    }

    public async Task<IReadOnlyList<ScaffoldFile>?> ListFilesAsync(string @namespace, string scaffoldName, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(@namespace, scaffoldName, cancellationToken).ConfigureAwait(false);
        return archive is null ? null : ScaffoldArchive.ListFiles(archive);
    }

    public async Task<byte[]?> ReadFileAsync(Scaffold scaffold, string path, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(scaffold, cancellationToken).ConfigureAwait(false);
        return archive is null ? null : ScaffoldArchive.ReadFile(archive, path);
    }

    public async Task<byte[]?> ReadFileAsync(string @namespace, string scaffoldName, string path, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(@namespace, scaffoldName, cancellationToken).ConfigureAwait(false);
        return archive is null ? null : ScaffoldArchive.ReadFile(archive, path);
    }

    private async Task<Scaffold?> GetScaffoldAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var body = await client.CustomObjects.GetNamespacedCustomObjectAsync(
                WellKnown.Group, WellKnown.Version, @namespace, Scaffold.KubePlural, name, cancellationToken).ConfigureAwait(false);
            return body is JsonElement element
                ? KubernetesJson.Deserialize<Scaffold>(element.GetRawText())
                : KubernetesJson.Deserialize<Scaffold>(KubernetesJson.Serialize(body));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
