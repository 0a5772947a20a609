using System.ComponentModel;
using System.Text.Json.Nodes;

namespace DynamoMcp.McpBridge.Workflows;

[Description("One input a workflow takes (a property of its inputs schema).")]
public sealed record WorkflowInputSummary(
    [property: Description("Input name.")] string Name,
    [property: Description("JSON Schema type: string, integer, number, boolean, array or object (absent: any).")] string? Type,
    [property: Description("True when a run must give it (required, without a default).")] bool Required,
    [property: Description("What it is for.")] string? Description,
    [property: Description("Value used when a run does not give it.")] JsonNode? Default,
    [property: Description("Allowed values.")] IReadOnlyList<JsonNode?>? Choices);
