namespace DynamoMcp.McpBridge.Hosting;

/// <summary>
/// Where discover_templates finds known templates (section <c>Bridge:Catalog</c>): a YAML/JSON file, or a key of
/// a ConfigMap in the bridge namespace. Both may be set; entries are merged, the file first.
/// </summary>
public sealed class BridgeCatalogOptions
{
    public string? File { get; set; }

    public string? ConfigMapName { get; set; }

    public string ConfigMapKey { get; set; } = "catalog.yaml";
}
