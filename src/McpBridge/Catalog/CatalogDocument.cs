using YamlDotNet.Serialization;

namespace DynamoMcp.McpBridge.Catalog;

/// <summary>
/// The catalog file/ConfigMap format (YAML or JSON): <c>templates:</c>, a list of <see cref="CatalogEntry"/>, and
/// optionally <c>servers:</c>, a list of <see cref="CatalogServerEntry"/>. Either list may be absent.
/// </summary>
public sealed class CatalogDocument
{
    [YamlMember(Alias = "templates")]
    public List<CatalogEntry> Templates { get; set; } = [];

    [YamlMember(Alias = "servers")]
    public List<CatalogServerEntry> Servers { get; set; } = [];
}
