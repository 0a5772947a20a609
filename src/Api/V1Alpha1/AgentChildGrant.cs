using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A child agent and the tokens reserved for it out of this agent's budget.")]
public sealed class AgentChildGrant
{
    [JsonPropertyName("name")]
    [Description("The child Agent.")]
    [Required, MaxLength(253)]
    public string Name { get; set; } = "";

    [JsonPropertyName("maxTokens")]
    [Description("Tokens reserved for it; unset when this agent has no token limit.")]
    public long? MaxTokens { get; set; }

    [JsonPropertyName("usedTokens")]
    [Description("What its subtree spent, once it finished (the reservation then counts as this).")]
    public long? UsedTokens { get; set; }

    [JsonPropertyName("phase")]
    [Description("Its phase when last seen.")]
    public AgentPhase? Phase { get; set; }
}
