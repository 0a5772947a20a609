using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("One turn of an agent, summarised.")]
public sealed class AgentTranscriptEntry
{
    [JsonPropertyName("turn")]
    [Description("The turn, from 1.")]
    public int Turn { get; set; }

    [JsonPropertyName("kind")]
    [Description("assistant (the model's text), tool (a tool call and how it ended) or error.")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("summary")]
    [Description("At most 300 characters of it.")]
    public string Summary { get; set; } = "";
}
