using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[Description("S3 output: upload the project archive to a bucket.")]
public sealed class S3Output
{
    [JsonPropertyName("bucket")]
    [Description("Bucket name.")]
    [Required, MinLength(3), MaxLength(63)]
    public string Bucket { get; set; } = "";

    [JsonPropertyName("key")]
    [Description("Object key of the archive; <namespace>/<name>.tar.gz when empty.")]
    [MaxLength(1024)]
    public string? Key { get; set; }

    [JsonPropertyName("endpoint")]
    [Description("Endpoint URL of an S3-compatible service (MinIO, R2); AWS when empty.")]
    [MaxLength(2048)]
    public string? Endpoint { get; set; }

    [JsonPropertyName("region")]
    [Description("Region of the bucket.")]
    [MaxLength(64)]
    public string? Region { get; set; }

    [JsonPropertyName("urlExpirySeconds")]
    [Description("Lifetime of the pre-signed download URL in status, in seconds (at most 7 days).")]
    [Range(1, 604800)]
    [DefaultValue(3600)]
    public int? UrlExpirySeconds { get; set; }

    [JsonPropertyName("secretRef")]
    [Description("Secret with accessKeyId and secretAccessKey (and optionally sessionToken) in the Scaffold's namespace. Mounted only in the upload step.")]
    public V1LocalObjectReference? SecretRef { get; set; }
}
