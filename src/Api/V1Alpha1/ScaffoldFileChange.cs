using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("How one file changes in an update patch.")]
public sealed class ScaffoldFileChange
{
    [JsonPropertyName("path")]
    [Description("Path relative to the project root, with forward slashes.")]
    [MaxLength(4096)]
    public string Path { get; set; } = "";

    [JsonPropertyName("change")]
    [Description("added, modified or deleted.")]
    [MaxLength(16)]
    public string Change { get; set; } = "";

    [JsonPropertyName("binary")]
    [Description("A binary file (its change is a git binary patch).")]
    public bool? Binary { get; set; }

    [JsonPropertyName("linesAdded")]
    [Description("Lines added (text files).")]
    public int? LinesAdded { get; set; }

    [JsonPropertyName("linesRemoved")]
    [Description("Lines removed (text files).")]
    public int? LinesRemoved { get; set; }
}
