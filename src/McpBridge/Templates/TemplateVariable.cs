using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>A template variable as the operator extracted it (status.variables[]).</summary>
[Description("A template variable.")]
public sealed record TemplateVariable(
    [property: Description("Variable name.")] string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("string, boolean, integer, number, choice, object or array.")] string? Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Value used when the variable is omitted.")] JsonNode? Default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("What the variable means.")] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Allowed values, for choice variables.")] IReadOnlyList<string>? Choices);
