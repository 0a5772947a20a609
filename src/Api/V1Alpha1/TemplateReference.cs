using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A reference to a CookiecutterTemplate.")]
public sealed class TemplateReference
{
    [JsonPropertyName("name")]
    [Description("Name of the CookiecutterTemplate.")]
    [Required, MinLength(1), MaxLength(253)]
    public string Name { get; set; } = "";

    [JsonPropertyName("namespace")]
    [Description("Namespace of the CookiecutterTemplate; defaults to the namespace of the referring resource.")]
    [MaxLength(63)]
    public string? Namespace { get; set; }
}
