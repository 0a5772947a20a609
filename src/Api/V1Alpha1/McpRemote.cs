using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[Description("An MCP server outside the cluster.")]
public sealed class McpRemote
{
    [JsonPropertyName("url")]
    [Description("The MCP endpoint, for example https://mcp.example.com/mcp (http only for in-cluster or loopback addresses).")]
    [Required, MinLength(1), MaxLength(2048)]
    [RegularExpression("^https?://.+$")]
    public string Url { get; set; } = "";

    [JsonPropertyName("headersFrom")]
    [Description("A Secret in the McpServer's namespace whose keys are header names and values header values (for example Authorization: Bearer ...), sent to the server and never shown.")]
    public V1LocalObjectReference? HeadersFrom { get; set; }
}
