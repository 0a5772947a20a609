using System.Text.Json.Serialization;
using System.ComponentModel;

namespace DynamoMcp.McpBridge.Tools;

[Description("The state of a template after a change.")]
public sealed record TemplateChangeResult(
    [property: Description("Template name.")] string Name,
    [property: Description("Namespace of the template.")] string Namespace,
    [property: Description("True when projects can be created from it.")] bool Ready,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The operator's latest word on it.")] string? Status,
    [property: Description("What to do next.")] string Hint);
