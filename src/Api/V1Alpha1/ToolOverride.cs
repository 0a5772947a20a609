using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A rename or description override of one tool.")]
[KubernetesValidation("has(self.rename) || has(self.description)", "set rename, description or both")]
public sealed class ToolOverride
{
    [JsonPropertyName("name")]
    [Description("The tool's name as the server lists it.")]
    [Required, MinLength(1), MaxLength(128)]
    public string Name { get; set; } = "";

    [JsonPropertyName("rename")]
    [Description("The name the bridge offers it under (letters, digits, _ . -; at most 64 characters).")]
    [MinLength(1), MaxLength(64)]
    [RegularExpression("^[A-Za-z0-9_.-]+$")]
    public string? Rename { get; set; }

    [JsonPropertyName("description")]
    [Description("The description the bridge offers instead of the server's.")]
    [MaxLength(4096)]
    public string? Description { get; set; }
}
