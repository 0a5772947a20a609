using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A reference to a ModelConfig in the same namespace.")]
public sealed class ModelConfigReference
{
    [JsonPropertyName("name")]
    [Description("Name of the ModelConfig.")]
    [Required, MinLength(1), MaxLength(253)]
    public string Name { get; set; } = "";
}
