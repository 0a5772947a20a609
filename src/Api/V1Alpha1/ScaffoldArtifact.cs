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
    [Description("The ConfigMaps holding the archive's chunks, in order; for Git and S3 the copy kept for updates and workflow steps.")]
    public IList<string>? Names { get; set; }

    [JsonPropertyName("chunks")]
    [Description("For ConfigMap: number of chunks.")]
    public int? Chunks { get; set; }

    [JsonPropertyName("url")]
    [Description("For Git: the repository pushed to (without credentials). For S3: a pre-signed download URL of the archive, valid until urlExpiresAt.")]
    public string? Url { get; set; }

    [JsonPropertyName("branch")]
    [Description("For Git: the branch pushed.")]
    public string? Branch { get; set; }

    [JsonPropertyName("commit")]
    [Description("For Git: the commit SHA the branch points to after the push.")]
    public string? Commit { get; set; }

    [JsonPropertyName("bucket")]
    [Description("For S3: the bucket.")]
    public string? Bucket { get; set; }

    [JsonPropertyName("key")]
    [Description("For S3: the object key of the archive.")]
    public string? Key { get; set; }

    [JsonPropertyName("urlExpiresAt")]
    [Description("For S3: when the pre-signed URL stops working.")]
    public DateTime? UrlExpiresAt { get; set; }

    [JsonPropertyName("sha256")]
    [Description("Lower-case hex SHA-256 of the whole archive.")]
    public string? Sha256 { get; set; }

    [JsonPropertyName("size")]
    [Description("Size of the archive in bytes.")]
    public long? Size { get; set; }
}
