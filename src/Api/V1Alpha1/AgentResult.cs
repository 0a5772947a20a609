using System.ComponentModel;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("What an agent produced.")]
public sealed class AgentResult
{
    [JsonPropertyName("text")]
    [Description("The final answer, at most 16 KiB (cut with a note beyond).")]
    public string? Text { get; set; }

    [JsonPropertyName("structured")]
    [Description("The final answer parsed, when it was a JSON object.")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Structured { get; set; }
}
