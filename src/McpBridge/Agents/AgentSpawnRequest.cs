namespace DynamoMcp.McpBridge.Agents;

/// <summary>The arguments of spawn_agent, as the caller gave them (null: not given).</summary>
public sealed record AgentSpawnRequest(
    string Goal,
    IReadOnlyList<string>? Tools,
    string? ModelConfig,
    long? MaxTokens,
    int? MaxTurns,
    int? TimeoutSeconds,
    int? MaxDepth,
    string? SystemPrompt,
    string? Name);
