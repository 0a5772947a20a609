using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Tools;

/// <summary>Where a server comes from, from its spec. Environment variables are named, never shown: a value may be a secret.</summary>
[Description("What runs: an image the operator runs, or a remote server's URL.")]
public sealed record McpServerSource(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Container image, for a server the operator runs.")] string? Image,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("URL of a remote server.")] string? RemoteUrl,
    [property: Description("Entrypoint override.")] IReadOnlyList<string> Command,
    [property: Description("Arguments.")] IReadOnlyList<string> Args,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Port, when set.")] int? Port,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("MCP path, when set.")] string? Path,
    [property: Description("Names of its environment variables (values are not shown).")] IReadOnlyList<string> EnvNames,
    [property: Description("Tool names or globs it offers; all when empty.")] IReadOnlyList<string> Allow,
    [property: Description("Tool names or globs it hides.")] IReadOnlyList<string> Deny,
    [property: Description("Hosts (or CIDRs) it may reach besides DNS.")] IReadOnlyList<string> Egress);
