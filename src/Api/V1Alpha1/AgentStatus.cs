using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class AgentStatus : IDynamoStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Ready (Succeeded), Reconciling (running) and Stalled (Failed or Terminated), readable by kubectl wait, Argo CD and Flux.")]
    [ListType("map", "type")]
    [MaxLength(16)]
    public IList<V1Condition> Conditions { get; set; } = [];

    [JsonPropertyName("phase")]
    [Description("Pending, Running, Succeeded, Failed or Terminated.")]
    public AgentPhase? Phase { get; set; }

    [JsonPropertyName("budget")]
    [Description("The budget granted at admission.")]
    public AgentBudget? Budget { get; set; }

    [JsonPropertyName("usage")]
    [Description("What it has spent (its own turns; subtreeTokens adds its children's).")]
    public AgentUsage? Usage { get; set; }

    [JsonPropertyName("subtreeTokens")]
    [Description("Tokens it and all its descendants spent.")]
    public long? SubtreeTokens { get; set; }

    [JsonPropertyName("result")]
    [Description("Its answer, once Succeeded.")]
    public AgentResult? Result { get; set; }

    [JsonPropertyName("children")]
    [Description("The agents it spawned, with their budget reservations.")]
    [ListType("map", "name")]
    [MaxLength(256)]
    public IList<AgentChildGrant>? Children { get; set; }

    [JsonPropertyName("transcript")]
    [Description("The last turns, summarised (at most 50 entries).")]
    [MaxLength(50)]
    public IList<AgentTranscriptEntry>? Transcript { get; set; }

    [JsonPropertyName("job")]
    [Description("The Job running it.")]
    public string? Job { get; set; }

    [JsonPropertyName("startTime")]
    [Description("When its process started.")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    [Description("When it ended.")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("message")]
    [Description("Human-readable summary; for a failure why.")]
    public string? Message { get; set; }
}
