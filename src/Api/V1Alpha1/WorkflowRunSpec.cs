using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesValidation("self.workflowRef == oldSelf.workflowRef && has(self.inputs) == has(oldSelf.inputs) && (!has(self.inputs) || self.inputs == oldSelf.inputs)", "workflowRef and inputs are immutable: create a new WorkflowRun to run again")]
[KubernetesValidation("!has(oldSelf.cancel) || !oldSelf.cancel || (has(self.cancel) && self.cancel)", "a cancelled run stays cancelled", FieldPath = ".cancel")]
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

    [JsonPropertyName("cancel")]
    [Description("true stops the run: running children are stopped, nothing new starts (finally steps neither), and the run ends Failed (Cancelled).")]
    public bool? Cancel { get; set; }
}
