namespace DynamoMcp.Generator.Tests.Archives;

/// <summary>
/// An archive split as the operator stores it (ScaffoldResultFormat: 700 KiB per chunk, key chunk-NNNN, one ConfigMap
/// each) and mounted as the kubelet lays ConfigMap volumes out: ConfigMap i at &lt;root&gt;/i/, its data in a
/// timestamped folder, ..data linking to it, the key linking through ..data.
/// </summary>
public static class ConfigMapChunks
{
    /// <summary>The operator's chunk size (src/Api/Scaffolds/ScaffoldResultFormat.ChunkSize).</summary>
    public const int OperatorChunkSize = 700 * 1024;

    public static IReadOnlyList<byte[]> Split(byte[] archive, int chunkSize = OperatorChunkSize) => [.. archive.Chunk(chunkSize)];

    /// <summary>Mounts <paramref name="chunks"/> under a new folder in <paramref name="parentDirectory"/>; returns it.</summary>
    /// <param name="indices">the global index of each chunk's key (default: its position).</param>
    public static string Mount(string parentDirectory, IReadOnlyList<byte[]> chunks, IReadOnlyList<int>? indices = null)
    {
        var root = Path.Combine(parentDirectory, "chunks-" + Guid.NewGuid().ToString("N")[..8]);
        for (var i = 0; i < chunks.Count; i++)
        {
            var key = $"chunk-{indices?[i] ?? i:D4}";
            var mount = Path.Combine(root, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            const string timestamped = "..2025_01_31_12_00_00.123456789";
            Directory.CreateDirectory(Path.Combine(mount, timestamped));
            File.WriteAllBytes(Path.Combine(mount, timestamped, key), chunks[i]);
            File.CreateSymbolicLink(Path.Combine(mount, "..data"), timestamped);
            File.CreateSymbolicLink(Path.Combine(mount, key), "..data/" + key);
        }

        return root;
    }

    /// <summary>Splits and mounts in one step: the folder to pass as --snapshot-chunks, --base-chunks or --chunks.</summary>
    public static string SplitAndMount(string parentDirectory, byte[] archive, int chunkSize = OperatorChunkSize) =>
        Mount(parentDirectory, Split(archive, chunkSize));
}
