using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Tools;

[Description("One status condition (Ready, Reconciling, Stalled).")]
public sealed record McpServerConditionInfo(
    [property: Description("Condition type.")] string Type,
    [property: Description("True, False or Unknown.")] string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Machine-readable reason.")] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("What the operator says.")] string? Message);
