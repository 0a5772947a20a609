using System.Globalization;

namespace DynamoMcp.Api.Scaffolds;

/// <summary>
/// How a Scaffold's result is stored inline: one tar.gz archive split into chunks, one per ConfigMap in the Scaffold's
/// namespace, each owned by the Scaffold (ownerReference with its uid), labelled <c>dynamo-mcp.io/scaffold=NAME</c> and
/// annotated with its position (<c>dynamo-mcp.io/chunk-index</c>) and the whole archive's SHA-256
/// (<c>dynamo-mcp.io/archive-sha256</c>); inside each, <c>binaryData</c> keys <c>chunk-0000</c>, <c>chunk-0001</c>, …
/// taken in key order. The Scaffold's <c>status.artifact</c> is the index: <c>names</c> lists the ConfigMaps in archive
/// order, <c>sha256</c> and <c>size</c> describe the joined archive. Readers take exactly those ConfigMaps, check the
/// owner uid and verify the hash (<see cref="ScaffoldResultAssembler"/>): the label alone also matches the leftovers of
/// an earlier Scaffold of the same name. Paths inside the archive are relative to the project root.
/// </summary>
public static class ScaffoldResultFormat
{
    /// <summary>Label naming the Scaffold a result ConfigMap belongs to (the same key as the owner-kind label); for people and kubectl, not for readers.</summary>
    public const string ScaffoldLabel = WellKnown.Group + "/scaffold";

    /// <summary>Annotation holding a ConfigMap's position in the archive.</summary>
    public const string ChunkIndexAnnotation = WellKnown.Group + "/chunk-index";

    /// <summary>Annotation on every chunk ConfigMap with the whole archive's lower-case hex SHA-256.</summary>
    public const string ArchiveSha256Annotation = WellKnown.Group + "/archive-sha256";

    public const string ChunkKeyPrefix = "chunk-";

    /// <summary>
    /// Bytes per chunk. A ConfigMap may hold 1 MiB in total and binaryData travels base64-encoded (4/3), so 700 KiB
    /// leaves room for metadata.
    /// </summary>
    public const int ChunkSize = 700 * 1024;

    /// <summary>Operator-wide default of the largest archive stored inline (InlineOutput.maxSizeBytes overrides it).</summary>
    public const long DefaultMaxArchiveBytes = 8L * 1024 * 1024;

    /// <summary>The binaryData key of chunk <paramref name="index"/>: <c>chunk-0000</c>.</summary>
    public static string ChunkKey(int index) => ChunkKeyPrefix + index.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>Position of a chunk ConfigMap read from its annotation; unannotated ones sort last.</summary>
    public static int ChunkIndex(IDictionary<string, string>? annotations) =>
        annotations is not null && annotations.TryGetValue(ChunkIndexAnnotation, out var value)
            && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
            ? index
            : int.MaxValue;
}
