using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Printing;

/// <summary>One column of a server-side printed Table: its definition and how to compute its cell.</summary>
internal sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell);
