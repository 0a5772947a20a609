using System.ComponentModel;
namespace DynamoMcp.McpBridge.Hosting;

/// <summary>
/// Where discover_templates finds known templates (section <c>Bridge:Catalog</c>): a YAML/JSON file, or a key of
/// a ConfigMap in the bridge namespace. Both may be set; entries are merged, the file first.
/// </summary>
public sealed class BridgeCatalogOptions
{
    [Description("YAML/JSON file of known templates for discover_templates.")]
    public string? File { get; set; }

    [Description("ConfigMap in BridgeNamespace holding the catalog (merged after File).")]
    public string? ConfigMapName { get; set; }

    [Description("Key of that ConfigMap holding the catalog.")]
    public string ConfigMapKey { get; set; } = "catalog.yaml";
}
