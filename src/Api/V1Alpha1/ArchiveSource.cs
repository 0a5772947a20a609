using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A zip or tar.gz archive holding the template.")]
public sealed class ArchiveSource
{
    [JsonPropertyName("url")]
    [Description("HTTP(S) URL of the archive.")]
    [Required, MinLength(1), MaxLength(2048)]
    [RegularExpression("^https?://.+$")]
    public string Url { get; set; } = "";

    [JsonPropertyName("sha256")]
    [Description("Expected lower-case hex SHA-256 of the archive; the download is rejected when it differs.")]
    [RegularExpression("^[a-f0-9]{64}$")]
    public string? Sha256 { get; set; }

    [JsonPropertyName("directory")]
    [Description("Folder inside the archive (below its single top-level folder, if it has one) that holds cookiecutter.json, for archives with several templates.")]
    [MaxLength(1024)]
    [RegularExpression("^[^/].*$")]
    public string? Directory { get; set; }
}
