using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("MCP tool annotations: hints, not guarantees.")]
public sealed class McpToolAnnotations
{
    [JsonPropertyName("readOnlyHint")]
    [Description("The tool does not change its environment.")]
    public bool? ReadOnlyHint { get; set; }

    [JsonPropertyName("destructiveHint")]
    [Description("The tool may destroy or overwrite data.")]
    public bool? DestructiveHint { get; set; }

    [JsonPropertyName("idempotentHint")]
    [Description("Calling it again with the same arguments has no further effect.")]
    public bool? IdempotentHint { get; set; }

    [JsonPropertyName("openWorldHint")]
    [Description("The tool reaches outside systems (the web, other services).")]
    public bool? OpenWorldHint { get; set; }
}
