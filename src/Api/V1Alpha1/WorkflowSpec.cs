using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesValidation("self.steps.all(s, !has(s.dependsOn) || s.dependsOn.all(d, self.steps.exists(o, o.name == d)))", "every dependsOn entry must name a step of this workflow", FieldPath = ".steps")]
public sealed class WorkflowSpec
{
    [JsonPropertyName("description")]
    [Description("What the workflow does, shown to people and to LLM clients (list_workflows, the workflow_<name> tool).")]
    [MaxLength(2048)]
    public string? Description { get; set; }

    [JsonPropertyName("inputs")]
    [Description("JSON Schema (type object) of the inputs a WorkflowRun passes; runs are validated against it.")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Inputs { get; set; }

    [JsonPropertyName("steps")]
    [Description("The steps. A step starts when every step it depends on has succeeded; steps without dependencies start at once.")]
    [Required, MinLength(1), MaxLength(64)]
    [ListType("map", "name")]
    public IList<WorkflowStep> Steps { get; set; } = [];

    [JsonPropertyName("failFast")]
    [Description("After a step fails for good, start nothing new except finally steps (running steps finish). false: run every step that can still run.")]
    [DefaultValue(true)]
    public bool? FailFast { get; set; }

    [JsonPropertyName("parallelism")]
    [Description("At most this many children (step attempts and fan-out items) run at once; unlimited when unset.")]
    [Range(1, 1000)]
    public int? Parallelism { get; set; }

    [JsonPropertyName("activeDeadlineSeconds")]
    [Description("A run still going after this long is stopped and Failed (DeadlineExceeded).")]
    [Range(1, 604800)]
    public int? ActiveDeadlineSeconds { get; set; }

    [JsonPropertyName("ttlSecondsAfterFinished")]
    [Description("A finished run (and its children) is deleted this long after it finished; kept when unset.")]
    [Range(0, 31536000)]
    public int? TtlSecondsAfterFinished { get; set; }

    [JsonPropertyName("outputs")]
    [Description("Outputs of a run: name to expression over inputs and step outputs, for example ${{ steps.render.outputs.revision }}.")]
    [MaxProperties(64)]
    public IDictionary<string, string>? Outputs { get; set; }
}
