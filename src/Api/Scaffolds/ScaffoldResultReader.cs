using DynamoMcp.Api.V1Alpha1;
using k8s;

namespace DynamoMcp.Api.Scaffolds;

/// <summary>
/// Reads a Scaffold's inline result (see <see cref="ScaffoldResultFormat"/>) through the API: the archive, its file
/// list, one file. Null means the Scaffold has no stored result (yet).
/// </summary>
public sealed class ScaffoldResultReader(IKubernetes client)
{
    public async Task<byte[]?> GetArchiveAsync(string @namespace, string scaffoldName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(scaffoldName);
        var maps = await client.CoreV1.ListNamespacedConfigMapAsync(
            @namespace, labelSelector: $"{ScaffoldResultFormat.ScaffoldLabel}={scaffoldName}", cancellationToken: cancellationToken).ConfigureAwait(false);
        var chunks = maps.Items.Where(m => m.BinaryData?.Keys.Any(k => k.StartsWith(ScaffoldResultFormat.ChunkKeyPrefix, StringComparison.Ordinal)) == true).ToList();
        return chunks.Count == 0 ? null : ScaffoldArchive.Join(chunks);
    }

    public async Task<IReadOnlyList<ScaffoldFile>?> ListFilesAsync(string @namespace, string scaffoldName, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(@namespace, scaffoldName, cancellationToken).ConfigureAwait(false);
        return archive is null ? null : ScaffoldArchive.ListFiles(archive);
    }

    public async Task<byte[]?> ReadFileAsync(string @namespace, string scaffoldName, string path, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(@namespace, scaffoldName, cancellationToken).ConfigureAwait(false);
        return archive is null ? null : ScaffoldArchive.ReadFile(archive, path);
    }
}
