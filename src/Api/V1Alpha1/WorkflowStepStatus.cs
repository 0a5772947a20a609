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

    [JsonPropertyName("outputs")]
    [Description("The step's outputs: the tool result, the Scaffold's revision and artifact, or the container's JSON output.")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Outputs { get; set; }

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
    [Description("Name of the child Scaffold or Job that runs the step, if any.")]
    public string? Child { get; set; }
}
