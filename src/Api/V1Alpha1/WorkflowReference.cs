using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A reference to a Workflow in the same namespace.")]
public sealed class WorkflowReference
{
    [JsonPropertyName("name")]
    [Description("Name of the Workflow.")]
    [Required, MinLength(1), MaxLength(253)]
    public string Name { get; set; } = "";
}
