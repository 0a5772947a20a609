namespace DynamoMcp.McpBridge.Gateway;

/// <summary>One cached McpServer read as a gateway target, or why it is none.</summary>
internal sealed record GatewayTargetRead(GatewayTarget? Target, string? NotReady);
