using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>create_project's <c>output.s3</c>.</summary>
[Description("S3 output: the project archive is uploaded to a bucket.")]
public sealed record S3OutputArgument(
    [property: JsonPropertyName("bucket"), Description("Bucket name (3 to 63 lower-case letters, digits, '.' and '-').")] string? Bucket = null,
    [property: JsonPropertyName("key"), Description("Object key of the archive; <namespace>/<project>.tar.gz when empty.")] string? Key = null,
    [property: JsonPropertyName("endpoint"), Description("Endpoint URL of an S3-compatible service (MinIO, R2); AWS when empty.")] string? Endpoint = null,
    [property: JsonPropertyName("region"), Description("Region of the bucket, e.g. eu-west-1.")] string? Region = null,
    [property: JsonPropertyName("urlExpirySeconds"), Description("Lifetime of the pre-signed download URL in the result, in seconds (1 to 604800; default 3600).")] int? UrlExpirySeconds = null,
    [property: JsonPropertyName("secret"), Description("Name of a Secret in the namespace with accessKeyId and secretAccessKey. The bridge does not read it.")] string? Secret = null);
