using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("What the server said about itself in initialize.")]
public sealed class McpServerInfo
{
    [JsonPropertyName("name")]
    [Description("serverInfo.name.")]
    public string? Name { get; set; }

    [JsonPropertyName("version")]
    [Description("serverInfo.version.")]
    public string? Version { get; set; }
}
