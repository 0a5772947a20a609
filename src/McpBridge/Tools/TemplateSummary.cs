using System.Text.Json.Serialization;
using System.ComponentModel;

namespace DynamoMcp.McpBridge.Tools;

[Description("One template.")]
public sealed record TemplateSummary(
    [property: Description("Template name.")] string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("What the template generates.")] string? Description,
    [property: Description("Tags for filtering.")] IReadOnlyList<string> Tags,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Where the template comes from (git URL).")] string? Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Git ref asked for.")] string? Ref,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Commit the operator resolved the ref to.")] string? ResolvedRevision,
    [property: Description("True when its variables are known and projects can be created from it.")] bool Ready,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Why it is not ready, if it is not.")] string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The tool that generates a project from this template directly, when ready.")] string? Tool);
