using System.Formats.Tar;
using System.IO.Compression;
using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.Api.Scaffolds;

/// <summary>Reads a Scaffold's tar.gz result: joins chunk ConfigMaps, lists regular files, extracts one file.</summary>
public static class ScaffoldArchive
{
    /// <summary>
    /// Concatenates the chunks of the given ConfigMaps in <see cref="ScaffoldResultFormat"/> order, trusting that they
    /// belong together; to read a Scaffold's result use <see cref="ScaffoldResultAssembler"/>, which checks that they do.
    /// </summary>
    public static byte[] Join(IEnumerable<V1ConfigMap> chunkMaps)
    {
        ArgumentNullException.ThrowIfNull(chunkMaps);
        using var buffer = new MemoryStream();
        foreach (var map in chunkMaps.OrderBy(m => ScaffoldResultFormat.ChunkIndex(m.Metadata?.Annotations)).ThenBy(m => m.Metadata?.Name, StringComparer.Ordinal))
        {
            foreach (var (_, bytes) in (map.BinaryData ?? new Dictionary<string, byte[]>())
                .Where(kv => kv.Key.StartsWith(ScaffoldResultFormat.ChunkKeyPrefix, StringComparison.Ordinal))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                buffer.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Splits an archive into chunks of at most <paramref name="chunkSize"/> bytes (at least one chunk).</summary>
    public static IReadOnlyList<byte[]> Split(byte[] archive, int chunkSize = ScaffoldResultFormat.ChunkSize)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        if (archive.Length == 0)
        {
            return [[]];
        }

        return archive.Chunk(chunkSize).ToList();
    }

    /// <summary>Regular files in the archive (paths relative to the project root), sorted by path.</summary>
    public static IReadOnlyList<ScaffoldFile> ListFiles(byte[] archive)
    {
        var files = new List<ScaffoldFile>();
        foreach (var (path, entry) in Entries(archive))
        {
            files.Add(new ScaffoldFile { Path = path, Size = entry.Length });
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>The content of the regular file at <paramref name="path"/>, or null when the archive has none.</summary>
    public static byte[]? ReadFile(byte[] archive, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var wanted = Normalize(path);
        foreach (var (entryPath, entry) in Entries(archive))
        {
            if (entryPath == wanted)
            {
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                return content.ToArray();
            }
        }

        return null;
    }

    /// <summary>Every regular file with its content, keyed by path.</summary>
    public static IReadOnlyDictionary<string, byte[]> ReadAll(byte[] archive)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, entry) in Entries(archive))
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            files[path] = content.ToArray();
        }

        return files;
    }

    /// <summary>Forward slashes, no leading <c>./</c> or <c>/</c>.</summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p.TrimStart('/');
    }

    private static IEnumerable<(string Path, TarEntry Entry)> Entries(byte[] archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        using var gzip = new GZipStream(new MemoryStream(archive, writable: false), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry(copyData: false) is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                yield return (Normalize(entry.Name), entry);
            }
        }
    }
}
