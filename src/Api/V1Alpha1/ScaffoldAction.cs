using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Render a CookiecutterTemplate.")]
public sealed class ScaffoldAction
{
    [JsonPropertyName("templateRef")]
    [Description("The CookiecutterTemplate to render.")]
    [Required]
    public TemplateReference TemplateRef { get; set; } = new();

    [JsonPropertyName("variables")]
    [Description("Template variables; string values may contain expressions such as ${{ inputs.name }}.")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Variables { get; set; }
}
