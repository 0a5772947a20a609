using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Tools;

/// <summary>
/// One line of list_templates: what a model needs to pick a template, nothing more. Every field costs context
/// tokens on every listing, so where a template comes from (URL, ref, commit) is in templates://{name}/info instead.
/// </summary>
[Description("One template.")]
public sealed record TemplateSummary(
    [property: Description("Template name.")] string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("What the template generates.")] string? Description,
    [property: Description("Tags for filtering.")] IReadOnlyList<string> Tags,
    [property: Description("True when its variables are known and projects can be created from it.")] bool Ready,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Why it is not ready, if it is not.")] string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The tool that generates a project from this template directly, when ready.")] string? Tool);
