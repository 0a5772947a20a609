using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesValidation("self.steps.all(s, !has(s.dependsOn) || s.dependsOn.all(d, self.steps.exists(o, o.name == d)))", "every dependsOn entry must name a step of this workflow", FieldPath = ".steps")]
public sealed class WorkflowSpec
{
    [JsonPropertyName("inputs")]
    [Description("JSON Schema (type object) of the inputs a WorkflowRun passes; runs are validated against it.")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Inputs { get; set; }

    [JsonPropertyName("steps")]
    [Description("The steps. A step starts when every step it depends on has succeeded; steps without dependencies start at once.")]
    [Required, MinLength(1), MaxLength(64)]
    [ListType("map", "name")]
    public IList<WorkflowStep> Steps { get; set; } = [];

    [JsonPropertyName("outputs")]
    [Description("Outputs of a run: name to expression over inputs and step outputs, for example ${{ steps.render.outputs.revision }}.")]
    [MaxProperties(64)]
    public IDictionary<string, string>? Outputs { get; set; }
}
