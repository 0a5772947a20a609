using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesValidation("self.goal == oldSelf.goal && self.modelConfigRef == oldSelf.modelConfigRef && has(self.parentRef) == has(oldSelf.parentRef) && (!has(self.parentRef) || self.parentRef == oldSelf.parentRef)", "goal, modelConfigRef and parentRef are immutable: spawn a new agent instead")]
[KubernetesValidation("!has(oldSelf.terminate) || !oldSelf.terminate || (has(self.terminate) && self.terminate)", "a terminated agent stays terminated", FieldPath = ".terminate")]
public sealed class AgentSpec
{
    [JsonPropertyName("goal")]
    [Description("What the agent is to achieve: the first user message. Immutable.")]
    [Required, MinLength(1), MaxLength(16384)]
    public string Goal { get; set; } = "";

    [JsonPropertyName("systemPrompt")]
    [Description("System prompt; a default that explains the tools and the budget when unset.")]
    [MaxLength(16384)]
    public string? SystemPrompt { get; set; }

    [JsonPropertyName("modelConfigRef")]
    [Description("The ModelConfig (endpoint and model) in this namespace. Immutable.")]
    [Required]
    public ModelConfigReference ModelConfigRef { get; set; } = new();

    [JsonPropertyName("tools")]
    [Description("The bridge tools the agent may call: names, or prefixes ending in * (memory__*, scaffold_*); spawn_agent lets it create child agents. None when empty.")]
    [MaxLength(64)]
    [ListType("set")]
    public IList<string>? Tools { get; set; }

    [JsonPropertyName("parentRef")]
    [Description("The agent that spawned this one; set by the bridge from the caller's identity. Its budget comes out of the parent's, and terminating the parent terminates it. Immutable.")]
    public AgentReference? ParentRef { get; set; }

    [JsonPropertyName("maxDepth")]
    [Description("How deep the tree under the root may go (the root is depth 1): spawning past it is refused. A child's maxDepth is at most its parent's.")]
    [DefaultValue(3)]
    [Range(1, 10)]
    public int? MaxDepth { get; set; }

    [JsonPropertyName("maxTokens")]
    [Description("Most prompt + completion tokens the agent and its children may spend; a child gets at most what its parent has left. Unlimited when unset on a root agent.")]
    [Range(1, 1000000000)]
    public long? MaxTokens { get; set; }

    [JsonPropertyName("maxTurns")]
    [Description("Most model calls; past it the agent ends Failed (MaxTurnsExceeded).")]
    [DefaultValue(20)]
    [Range(1, 1000)]
    public int? MaxTurns { get; set; }

    [JsonPropertyName("timeoutSeconds")]
    [Description("Most wall time from start; past it the agent ends Failed (DeadlineExceeded). A child gets at most what its parent has left.")]
    [DefaultValue(600)]
    [Range(1, 86400)]
    public int? TimeoutSeconds { get; set; }

    [JsonPropertyName("terminate")]
    [Description("true stops the agent and all its descendants: their processes are killed and they end Terminated.")]
    public bool? Terminate { get; set; }
}
