using System.ComponentModel;
using YamlDotNet.Serialization;

namespace DynamoMcp.McpBridge.Catalog;

/// <summary>A known template that can be added with add_template.</summary>
[Description("A known template that is not added yet.")]
public sealed class CatalogEntry
{
    [YamlMember(Alias = "name")]
    [Description("Suggested template name for add_template.")]
    public string Name { get; set; } = "";

    [YamlMember(Alias = "gitUrl")]
    [Description("Git URL for add_template.")]
    public string GitUrl { get; set; } = "";

    [YamlMember(Alias = "gitRef")]
    [Description("Git ref for add_template, if any.")]
    public string? GitRef { get; set; }

    [YamlMember(Alias = "directory")]
    [Description("Directory for add_template, if any.")]
    public string? Directory { get; set; }

    [YamlMember(Alias = "description")]
    [Description("What it generates.")]
    public string? Description { get; set; }

    [YamlMember(Alias = "tags")]
    [Description("Tags.")]
    public List<string> Tags { get; set; } = [];
}
