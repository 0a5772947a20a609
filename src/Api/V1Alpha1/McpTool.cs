using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A tool an MCP server offers.")]
public sealed class McpTool
{
    [JsonPropertyName("name")]
    [Description("Tool name as the server lists it.")]
    public string Name { get; set; } = "";

    [JsonPropertyName("description")]
    [Description("Tool description as the server lists it.")]
    public string? Description { get; set; }
}
