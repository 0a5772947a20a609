using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("What an agent has spent, from the model's reported usage.")]
public sealed class AgentUsage
{
    [JsonPropertyName("promptTokens")]
    [Description("Input tokens over all turns.")]
    public long PromptTokens { get; set; }

    [JsonPropertyName("completionTokens")]
    [Description("Output tokens over all turns.")]
    public long CompletionTokens { get; set; }

    [JsonPropertyName("totalTokens")]
    [Description("promptTokens + completionTokens.")]
    public long TotalTokens { get; set; }

    [JsonPropertyName("turns")]
    [Description("Model calls made.")]
    public int Turns { get; set; }

    [JsonPropertyName("toolCalls")]
    [Description("Tool calls made.")]
    public int ToolCalls { get; set; }

    [JsonPropertyName("wallSeconds")]
    [Description("Seconds from start to the end (or to now while it runs).")]
    public double WallSeconds { get; set; }
}
