using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A tool an MCP server offers, after the tool filter.")]
public sealed class McpTool
{
    [JsonPropertyName("name")]
    [Description("The name the bridge offers (after a rename).")]
    public string Name { get; set; } = "";

    [JsonPropertyName("serverName")]
    [Description("The name the server lists, when a rename changed it.")]
    public string? ServerName { get; set; }

    [JsonPropertyName("title")]
    [Description("Display title as the server lists it.")]
    public string? Title { get; set; }

    [JsonPropertyName("description")]
    [Description("Description (the server's, or the override).")]
    public string? Description { get; set; }

    [JsonPropertyName("annotations")]
    [Description("Behaviour hints as the server lists them.")]
    public McpToolAnnotations? Annotations { get; set; }

    [JsonPropertyName("inputSchemaDigest")]
    [Description("sha256 of the input schema's canonical JSON: changes when the arguments change.")]
    public string? InputSchemaDigest { get; set; }
}
