using System.ComponentModel;

namespace DynamoMcp.McpBridge.Tools;

[Description("One template.")]
public sealed record TemplateSummary(
    [property: Description("Template name.")] string Name,
    [property: Description("What the template generates.")] string? Description,
    [property: Description("Tags for filtering.")] IReadOnlyList<string> Tags,
    [property: Description("Where the template comes from (git URL).")] string? Source,
    [property: Description("Git ref asked for.")] string? Ref,
    [property: Description("Commit the operator resolved the ref to.")] string? ResolvedRevision,
    [property: Description("True when its variables are known and projects can be created from it.")] bool Ready,
    [property: Description("Why it is not ready, if it is not.")] string? Status,
    [property: Description("The tool that generates a project from this template directly, when ready.")] string? Tool);
