using YamlDotNet.Serialization;

namespace DynamoMcp.McpBridge.Catalog;

/// <summary>The catalog file/ConfigMap format: <c>templates:</c> followed by a list of <see cref="CatalogEntry"/> (YAML or JSON).</summary>
public sealed class CatalogDocument
{
    [YamlMember(Alias = "templates")]
    public List<CatalogEntry> Templates { get; set; } = [];
}
