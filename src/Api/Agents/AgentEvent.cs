using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.Agents;

/// <summary>
/// One line the runtime reports (<see cref="AgentRuntimeContract.EventPrefix"/> + JSON): a <c>turn</c> after each model
/// call (with the tool calls it made), and one <c>result</c> as its last act. Written by the runtime, read by the
/// operator, which treats every field as untrusted (bounded, validated): the model's words are in them.
/// </summary>
public sealed record AgentEvent
{
    public const string TurnKind = "turn";
    public const string ResultKind = "result";

    /// <summary><see cref="TurnKind"/> or <see cref="ResultKind"/>.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The turn (model call) this is, from 1; for a result, the turns made.</summary>
    [JsonPropertyName("turn")]
    public int Turn { get; init; }

    /// <summary>Totals so far (not per turn).</summary>
    [JsonPropertyName("promptTokens")]
    public long PromptTokens { get; init; }

    [JsonPropertyName("completionTokens")]
    public long CompletionTokens { get; init; }

    [JsonPropertyName("toolCalls")]
    public int ToolCalls { get; init; }

    /// <summary>For a turn: the model's text or what it asked for, at most 300 characters; for a result: the final answer (at most 16 KiB).</summary>
    [JsonPropertyName("text")]
    public string? Text { get; init; }

    /// <summary>For a turn: the tools called in it and how each ended ("memory__read_graph: ok", "x: error: ...").</summary>
    [JsonPropertyName("tools")]
    public IReadOnlyList<string>? Tools { get; init; }

    /// <summary>For a result: <see cref="AgentOutcomes"/>.</summary>
    [JsonPropertyName("outcome")]
    public string? Outcome { get; init; }

    /// <summary>For a result: the final answer parsed, when it was a JSON object.</summary>
    [JsonPropertyName("structured")]
    public JsonObject? Structured { get; init; }

    /// <summary>For a failed result: why, for a person.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
