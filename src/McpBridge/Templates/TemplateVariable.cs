using System.Text.Json.Nodes;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>A template variable as the operator extracted it (status.variables[]).</summary>
public sealed record TemplateVariable(string Name, string? Type, JsonNode? Default, string? Description, IReadOnlyList<string>? Choices);
