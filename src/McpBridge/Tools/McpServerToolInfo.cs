using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Tools;

[Description("One tool the server offers, as the operator discovered it.")]
public sealed record McpServerToolInfo(
    [property: Description("Tool name (after a rename by the tool filter).")] string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Display title.")] string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("What the tool does.")] string? Description);
