namespace DynamoMcp.McpBridge.Servers;

/// <summary>What add_mcp_server was asked for, as the tool received it (unchecked).</summary>
public sealed record McpServerInput(
    string Name,
    string? Url = null,
    string? Image = null,
    IReadOnlyList<string>? Command = null,
    IReadOnlyList<string>? Args = null,
    string? Transport = null,
    int? Port = null,
    string? Path = null,
    IReadOnlyDictionary<string, string>? Env = null,
    IReadOnlyList<string>? Allow = null,
    IReadOnlyList<string>? Deny = null,
    IReadOnlyList<string>? Egress = null);
