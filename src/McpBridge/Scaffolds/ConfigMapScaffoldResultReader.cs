using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;

namespace DynamoMcp.McpBridge.Scaffolds;

/// <summary>
/// The result of Scaffold <c>NAME</c> is one tar.gz archive split into chunks, stored in ConfigMaps in the Scaffold's
/// namespace labelled <c>dynamo-mcp.io/scaffold=NAME</c>. ConfigMaps are ordered by the integer annotation
/// <c>dynamo-mcp.io/chunk-index</c>; inside each, the <c>binaryData</c> keys named <c>chunk-0000</c>, <c>chunk-0001</c>, …
/// are taken in key order. Concatenating them gives the archive; paths inside it are relative to the project root.
/// </summary>
public sealed class ConfigMapScaffoldResultReader(KubernetesClients clients) : IScaffoldResultReader
{
    public const string ScaffoldLabel = "dynamo-mcp.io/scaffold";
    public const string ChunkIndexAnnotation = "dynamo-mcp.io/chunk-index";
    public const string ChunkKeyPrefix = "chunk-";

    public async Task<IReadOnlyList<ScaffoldFile>?> ListFilesAsync(string @namespace, string scaffoldName, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(@namespace, scaffoldName, cancellationToken).ConfigureAwait(false);
        if (archive is null)
        {
            return null;
        }

        var files = new List<ScaffoldFile>();
        await foreach (var (entry, size, _) in ReadEntries(archive, null, cancellationToken).ConfigureAwait(false))
        {
            files.Add(new ScaffoldFile(entry, size));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));

        return files;
    }

    public async Task<byte[]?> ReadFileAsync(string @namespace, string scaffoldName, string path, CancellationToken cancellationToken)
    {
        var archive = await GetArchiveAsync(@namespace, scaffoldName, cancellationToken).ConfigureAwait(false);
        if (archive is null)
        {
            return null;
        }

        var wanted = Normalize(path);
        await foreach (var (_, _, content) in ReadEntries(archive, wanted, cancellationToken).ConfigureAwait(false))
        {
            return content;
        }

        return null;
    }

    public async Task<byte[]?> GetArchiveAsync(string @namespace, string scaffoldName, CancellationToken cancellationToken)
    {
        var maps = await clients.Bridge.CoreV1.ListNamespacedConfigMapAsync(
            @namespace, labelSelector: $"{ScaffoldLabel}={scaffoldName}", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (maps.Items.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        foreach (var map in maps.Items.OrderBy(ChunkIndex))
        {
            foreach (var (_, bytes) in (map.BinaryData ?? new Dictionary<string, byte[]>())
                .Where(kv => kv.Key.StartsWith(ChunkKeyPrefix, StringComparison.Ordinal))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                buffer.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Regular files of the archive with their paths; with <paramref name="only"/>, just that file and its content.</summary>
    private static async IAsyncEnumerable<(string Path, long Size, byte[]? Content)> ReadEntries(
        byte[] archive, string? only, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            var path = Normalize(entry.Name);
            if (only is null)
            {
                yield return (path, entry.Length, null);
            }
            else if (path == only)
            {
                using var content = new MemoryStream();
                if (entry.DataStream is not null)
                {
                    await entry.DataStream.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
                }

                yield return (path, entry.Length, content.ToArray());
                yield break;
            }
        }
    }

    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p.TrimStart('/');
    }

    private static int ChunkIndex(k8s.Models.V1ConfigMap map) =>
        map.Metadata.Annotations is { } a && a.TryGetValue(ChunkIndexAnnotation, out var v)
            && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue;
}
