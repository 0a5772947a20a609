using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Call a tool on an McpServer.")]
public sealed class ToolCallAction
{
    [JsonPropertyName("server")]
    [Description("Name of the McpServer in the run's namespace.")]
    [Required, MinLength(1), MaxLength(253)]
    public string Server { get; set; } = "";

    [JsonPropertyName("tool")]
    [Description("Name of the tool.")]
    [Required, MinLength(1), MaxLength(256)]
    public string Tool { get; set; } = "";

    [JsonPropertyName("arguments")]
    [Description("Tool arguments; string values may contain expressions such as ${{ inputs.name }}.")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Arguments { get; set; }
}
