using System.Text.Json.Serialization;

namespace DynamoMcp.Api.Agents;

/// <summary>
/// What an agent's process is to do, written by the operator as JSON into the agent's ConfigMap (key
/// <see cref="AgentRuntimeContract.ConfigKey"/>) and read by src/AgentRuntime at <see cref="AgentRuntimeContract.ConfigPath"/>.
/// Budgets are the effective ones (cut to the parent's remainder at admission). Holds no secret: the model's API key
/// comes in the environment variable <see cref="AgentRuntimeContract.ApiKeyEnvironmentVariable"/> from the ModelConfig's
/// Secret, the bridge credential as a projected service-account token file at <see cref="TokenPath"/>.
/// </summary>
public sealed record AgentRunConfig
{
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("goal")]
    public required string Goal { get; init; }

    [JsonPropertyName("systemPrompt")]
    public string? SystemPrompt { get; init; }

    /// <summary><c>openai</c> or <c>anthropic</c>.</summary>
    [JsonPropertyName("provider")]
    public required string Provider { get; init; }

    /// <summary>The model endpoint's base URL (the ModelConfig's, or the provider's default).</summary>
    [JsonPropertyName("endpoint")]
    public required string Endpoint { get; init; }

    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("temperature")]
    public double? Temperature { get; init; }

    [JsonPropertyName("maxOutputTokens")]
    public int? MaxOutputTokens { get; init; }

    /// <summary>The bridge tools it may call: names, or prefixes ending in <c>*</c>.</summary>
    [JsonPropertyName("tools")]
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Tokens (prompt + completion) it may spend itself; null: unlimited.</summary>
    [JsonPropertyName("maxTokens")]
    public long? MaxTokens { get; init; }

    [JsonPropertyName("maxTurns")]
    public required int MaxTurns { get; init; }

    /// <summary>When it must have finished (UTC).</summary>
    [JsonPropertyName("deadline")]
    public required DateTime Deadline { get; init; }

    /// <summary>The bridge's MCP endpoint (Streamable HTTP).</summary>
    [JsonPropertyName("bridgeUrl")]
    public required string BridgeUrl { get; init; }

    /// <summary>The file holding the bridge credential (a bearer token, re-read before each connection: it rotates).</summary>
    [JsonPropertyName("tokenPath")]
    public string? TokenPath { get; init; } = AgentRuntimeContract.TokenPath;

    /// <summary>Its depth in the tree (1: a root agent) and the deepest its subtree may go.</summary>
    [JsonPropertyName("depth")]
    public int Depth { get; init; } = 1;

    [JsonPropertyName("maxDepth")]
    public int MaxDepth { get; init; } = 3;
}
