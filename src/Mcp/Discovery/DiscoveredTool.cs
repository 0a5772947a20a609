using System.Text.Json.Nodes;

namespace DynamoMcp.Mcp.Discovery;

/// <summary>One tool as the server lists it.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Title">Its display title, if any.</param>
/// <param name="Description">Its description, if any.</param>
/// <param name="Annotations">Its annotations (readOnlyHint, destructiveHint, ...) as JSON, or null.</param>
/// <param name="InputSchema">Its input JSON Schema.</param>
/// <param name="InputSchemaDigest"><c>sha256:</c> + hex of the input schema's canonical JSON (sorted keys, no spaces): changes when the schema does.</param>
/// <param name="OutputSchema">Its output JSON Schema, or null.</param>
public sealed record DiscoveredTool(
    string Name, string? Title, string? Description, JsonObject? Annotations, JsonObject InputSchema, string InputSchemaDigest, JsonObject? OutputSchema);
