using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("The budget an agent was granted: its own limits, cut to what its parent had left when it was admitted.")]
public sealed class AgentBudget
{
    [JsonPropertyName("maxTokens")]
    [Description("Tokens it (with its children) may spend; unset: unlimited.")]
    public long? MaxTokens { get; set; }

    [JsonPropertyName("deadline")]
    [Description("When it is stopped if still running.")]
    public DateTime? Deadline { get; set; }

    [JsonPropertyName("depth")]
    [Description("Its depth in the tree: 1 for a root agent.")]
    public int Depth { get; set; }

    [JsonPropertyName("maxDepth")]
    [Description("The deepest its subtree may go (the root's maxDepth, or less).")]
    public int MaxDepth { get; set; }
}
