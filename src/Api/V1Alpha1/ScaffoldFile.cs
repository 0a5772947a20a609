using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("One rendered file.")]
public sealed class ScaffoldFile
{
    [JsonPropertyName("path")]
    [Description("Path relative to the project root, with forward slashes.")]
    public string Path { get; set; } = "";

    [JsonPropertyName("size")]
    [Description("Size in bytes.")]
    public long Size { get; set; }
}
