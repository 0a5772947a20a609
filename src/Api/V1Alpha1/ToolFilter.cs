using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Which tools of a server are offered. A tool is offered when it matches allow (or allow is empty) and does not match deny. Entries are tool names or globs such as get_*.")]
public sealed class ToolFilter
{
    [JsonPropertyName("allow")]
    [Description("Tool names or globs to offer; all tools when empty.")]
    [MaxLength(256)]
    [ListType("set")]
    public IList<string>? Allow { get; set; }

    [JsonPropertyName("deny")]
    [Description("Tool names or globs never to offer; wins over allow.")]
    [MaxLength(256)]
    [ListType("set")]
    public IList<string>? Deny { get; set; }

    [JsonPropertyName("overrides")]
    [Description("Per-tool renames and description overrides, applied to the offered tools.")]
    [MaxLength(256)]
    [ListType("map", "name")]
    public IList<ToolOverride>? Overrides { get; set; }
}
