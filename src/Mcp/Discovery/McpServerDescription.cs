namespace DynamoMcp.Mcp.Discovery;

/// <summary>What a successful probe learned about a server.</summary>
/// <param name="ProtocolVersion">The protocol revision negotiated with it.</param>
/// <param name="ServerName">serverInfo.name.</param>
/// <param name="ServerVersion">serverInfo.version.</param>
/// <param name="Tools">Its tools (all pages), in the server's order.</param>
/// <param name="PromptCount">How many prompts it lists, or null when it offers no prompts capability.</param>
/// <param name="ResourceCount">How many resources it lists, or null when it offers no resources capability.</param>
public sealed record McpServerDescription(
    string ProtocolVersion, string ServerName, string? ServerVersion, IReadOnlyList<DiscoveredTool> Tools, int? PromptCount, int? ResourceCount);
