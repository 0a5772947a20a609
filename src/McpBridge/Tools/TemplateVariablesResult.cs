using System.Text.Json.Serialization;
using System.ComponentModel;
using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Templates;

namespace DynamoMcp.McpBridge.Tools;

[Description("The variables of a template.")]
public sealed record TemplateVariablesResult(
    [property: Description("Template name.")] string Name,
    [property: Description("Namespace of the template.")] string Namespace,
    [property: Description("True when projects can be created from it.")] bool Ready,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Why it is not ready, if it is not.")] string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Commit the variables were read from.")] string? ResolvedRevision,
    [property: Description("The variables with their defaults, descriptions and allowed values.")] IReadOnlyList<TemplateVariable> Variables,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("JSON Schema that create_project checks the variables against.")] JsonObject? InputSchema);
