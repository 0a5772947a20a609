using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Tools;

/// <summary>Everything about one template short of its variables: the templates://{name}/info resource.</summary>
[Description("One template, with its source.")]
public sealed record TemplateInfo(
    [property: Description("Template name.")] string Name,
    [property: Description("Namespace of the template.")] string Namespace,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("What the template generates.")] string? Description,
    [property: Description("Tags for filtering.")] IReadOnlyList<string> Tags,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Where the template comes from (git URL).")] string? Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Git ref asked for.")] string? Ref,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Folder of the repository holding cookiecutter.json, if not its root.")] string? Directory,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Commit the operator resolved the ref to.")] string? ResolvedRevision,
    [property: Description("True when its variables are known and projects can be created from it.")] bool Ready,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Why it is not ready, if it is not.")] string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The tool that generates a project from this template directly, when ready.")] string? Tool,
    [property: Description("How many variables it asks for (get_template_variables lists them).")] int VariableCount);
