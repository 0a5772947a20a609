using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Status of one step of a run.")]
public sealed class WorkflowStepStatus
{
    [JsonPropertyName("name")]
    [Description("Step name.")]
    [Required]
    public string Name { get; set; } = "";

    [JsonPropertyName("phase")]
    [Description("Pending, Running, Succeeded, Failed or Skipped.")]
    public WorkflowStepPhase Phase { get; set; }

    [JsonPropertyName("reason")]
    [Description("Why the step is in its phase, one word: Succeeded, StepFailed, WhenFalse, DependencyFailed, Timeout, Cancelled, …")]
    public string? Reason { get; set; }

    [JsonPropertyName("outputs")]
    [Description("The step's outputs: the tool result, the Scaffold's name, revision, file count and archive, or the container's JSON output; a fan-out's are {items: [...]} in item order. Absent here when larger than 4 KiB (see outputsConfigMap).")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Outputs { get; set; }

    [JsonPropertyName("outputsConfigMap")]
    [Description("The owned ConfigMap that holds the step's outputs (key outputs.json) when they are larger than 4 KiB.")]
    public string? OutputsConfigMap { get; set; }

    [JsonPropertyName("items")]
    [Description("With forEach: the number of items.")]
    public int? Items { get; set; }

    [JsonPropertyName("itemsSucceeded")]
    [Description("With forEach: the items that succeeded so far.")]
    public int? ItemsSucceeded { get; set; }

    [JsonPropertyName("startTime")]
    [Description("When the first attempt started.")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    [Description("When the step finished.")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("message")]
    [Description("Why the step failed or was skipped.")]
    public string? Message { get; set; }

    [JsonPropertyName("attempts")]
    [Description("Attempts so far, including the first.")]
    public int? Attempts { get; set; }

    [JsonPropertyName("child")]
    [Description("Name of the latest child (Scaffold, Job, or tool-call record ConfigMap) of the step.")]
    public string? Child { get; set; }
}
