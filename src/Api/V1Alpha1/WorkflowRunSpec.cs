using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesValidation("self == oldSelf", "spec is immutable: create a new WorkflowRun to run again")]
public sealed class WorkflowRunSpec
{
    [JsonPropertyName("workflowRef")]
    [Description("The Workflow to run, in the same namespace.")]
    [Required]
    public WorkflowReference WorkflowRef { get; set; } = new();

    [JsonPropertyName("inputs")]
    [Description("Inputs, validated against the Workflow's inputs schema.")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Inputs { get; set; }
}
