using System.ComponentModel;
using DynamoMcp.McpBridge.Catalog;

namespace DynamoMcp.McpBridge.Tools;

[Description("Known templates not yet added to a namespace.")]
public sealed record DiscoverTemplatesResult(
    [property: Description("Namespace compared against.")] string Namespace,
    [property: Description("Templates that add_template can add.")] IReadOnlyList<CatalogEntry> Templates);
