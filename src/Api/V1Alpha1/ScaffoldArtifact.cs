using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Where a rendered project archive (tar.gz) is stored.")]
public sealed class ScaffoldArtifact
{
    [JsonPropertyName("kind")]
    [Description("Storage kind: ConfigMap, Git or S3.")]
    public ArtifactKind Kind { get; set; }

    [JsonPropertyName("names")]
    [Description("For ConfigMap: the ConfigMaps holding the archive's chunks, in order.")]
    public IList<string>? Names { get; set; }

    [JsonPropertyName("chunks")]
    [Description("For ConfigMap: number of chunks.")]
    public int? Chunks { get; set; }

    [JsonPropertyName("url")]
    [Description("For Git or S3: where the result was pushed or uploaded.")]
    public string? Url { get; set; }

    [JsonPropertyName("sha256")]
    [Description("Lower-case hex SHA-256 of the whole archive.")]
    public string? Sha256 { get; set; }

    [JsonPropertyName("size")]
    [Description("Size of the archive in bytes.")]
    public long? Size { get; set; }
}
