using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class CookiecutterTemplateSpec
{
    [JsonPropertyName("source")]
    [Description("Where the template comes from: exactly one of git or archive.")]
    [Required]
    public TemplateSource Source { get; set; } = new();

    [JsonPropertyName("description")]
    [Description("What the template generates, shown to people and to LLM clients choosing a template.")]
    [MaxLength(2048)]
    public string? Description { get; set; }

    [JsonPropertyName("tags")]
    [Description("Free-form tags used to search and group templates (for example python, django, library).")]
    [MaxLength(32)]
    [ListType("set")]
    public IList<string>? Tags { get; set; }

    [JsonPropertyName("variableOverrides")]
    [Description("Overrides for the variables found in cookiecutter.json: better descriptions, other defaults, or hiding a variable from clients.")]
    [MaxLength(256)]
    [ListType("map", "name")]
    public IList<VariableOverride>? VariableOverrides { get; set; }

    [JsonPropertyName("hooks")]
    [Description("Policy for the template's pre/post generation hooks (arbitrary Python). Hooks are disabled unless enabled here.")]
    public HookPolicy? Hooks { get; set; }

    [JsonPropertyName("refreshInterval")]
    [Description("How often to re-resolve the source and re-inspect the template, as a duration such as 30m or 1h. Annotate the resource with dynamo-mcp.io/refresh-requested-at to refresh immediately.")]
    [DefaultValue("1h")]
    [RegularExpression(Durations.Pattern)]
    [MaxLength(32)]
    public string? RefreshInterval { get; set; }

    [JsonPropertyName("suspend")]
    [Description("Suspend periodic refreshes; the last inspected revision stays in use.")]
    public bool? Suspend { get; set; }

    [JsonPropertyName("sandbox")]
    [Description("Settings of the sandboxed Jobs that inspect and render this template.")]
    public SandboxSettings? Sandbox { get; set; }
}
