using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("An override for one variable of cookiecutter.json.")]
public sealed class VariableOverride
{
    [JsonPropertyName("name")]
    [Description("Name of the variable in cookiecutter.json.")]
    [Required, MinLength(1), MaxLength(256)]
    public string Name { get; set; } = "";

    [JsonPropertyName("description")]
    [Description("Description shown to people and LLM clients instead of the bare variable name.")]
    [MaxLength(2048)]
    public string? Description { get; set; }

    [JsonPropertyName("default")]
    [Description("Default used instead of the one in cookiecutter.json; any JSON value of the variable's type.")]
    [JsonConverter(typeof(FreeFormValueConverter))]
    public object? Default { get; set; }

    [JsonPropertyName("hidden")]
    [Description("Hide the variable from clients; its default is always used.")]
    public bool? Hidden { get; set; }
}
