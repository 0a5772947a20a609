using System.ComponentModel;
using System.Text.Json.Serialization;
using YamlDotNet.Serialization;

namespace DynamoMcp.McpBridge.Catalog;

/// <summary>
/// A known MCP server that can be added with add_mcp_server. Its fields are add_mcp_server's arguments of the same
/// names, so an entry is added by passing them on as they are.
/// </summary>
[Description("A known MCP server that is not added yet; pass its fields to add_mcp_server as arguments of the same names.")]
public sealed class CatalogServerEntry
{
    [YamlMember(Alias = "name")]
    [Description("Suggested server name for add_mcp_server.")]
    public string Name { get; set; } = "";

    [YamlMember(Alias = "description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    [Description("What the server's tools do.")]
    public string? Description { get; set; }

    [YamlMember(Alias = "tags")]
    [Description("Tags.")]
    public List<string> Tags { get; set; } = [];

    [YamlMember(Alias = "url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("url for add_mcp_server: a server that runs elsewhere.")]
    public string? Url { get; set; }

    [YamlMember(Alias = "image")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("image for add_mcp_server: the container the operator runs.")]
    public string? Image { get; set; }

    [YamlMember(Alias = "command")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("command for add_mcp_server.")]
    public List<string>? Command { get; set; }

    [YamlMember(Alias = "args")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("args for add_mcp_server.")]
    public List<string>? Args { get; set; }

    [YamlMember(Alias = "transport")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("transport for add_mcp_server: stdio, streamable-http or sse.")]
    public string? Transport { get; set; }

    [YamlMember(Alias = "port")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("port for add_mcp_server, if not the default.")]
    public int? Port { get; set; }

    [YamlMember(Alias = "path")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("path for add_mcp_server, if not the default.")]
    public string? Path { get; set; }

    [YamlMember(Alias = "egress")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("egress for add_mcp_server: host names the server needs to reach.")]
    public List<string>? Egress { get; set; }

    [YamlMember(Alias = "env")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("env for add_mcp_server (plain values only).")]
    public Dictionary<string, string>? Env { get; set; }
}
