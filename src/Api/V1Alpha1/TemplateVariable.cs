using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("One variable of a template.")]
public sealed class TemplateVariable
{
    [JsonPropertyName("name")]
    [Description("Name of the variable in cookiecutter.json.")]
    [Required]
    public string Name { get; set; } = "";

    [JsonPropertyName("type")]
    [Description("Kind of value the variable takes.")]
    public TemplateVariableType Type { get; set; }

    [JsonPropertyName("default")]
    [Description("Default value; for a derived variable, the Jinja expression as written in cookiecutter.json.")]
    [JsonConverter(typeof(FreeFormValueConverter))]
    public object? Default { get; set; }

    [JsonPropertyName("choices")]
    [Description("Allowed values of a choice variable, the first being the default.")]
    public IList<string>? Choices { get; set; }

    [JsonPropertyName("description")]
    [Description("Human-readable description (from an override or the template's prompts).")]
    public string? Description { get; set; }

    [JsonPropertyName("required")]
    [Description("A value must be supplied because the variable has no usable default.")]
    public bool? Required { get; set; }

    [JsonPropertyName("derived")]
    [Description("The default is a Jinja expression over other variables, computed at render time when not set.")]
    public bool? Derived { get; set; }

    [JsonPropertyName("hidden")]
    [Description("Private (_-prefixed) or hidden by an override: not offered to clients.")]
    public bool? Hidden { get; set; }
}
