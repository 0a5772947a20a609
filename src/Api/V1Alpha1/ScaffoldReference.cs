using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A reference to a Scaffold in the same namespace.")]
public sealed class ScaffoldReference
{
    [JsonPropertyName("name")]
    [Description("Name of the Scaffold.")]
    [Required, MinLength(1), MaxLength(253)]
    public string Name { get; set; } = "";
}
