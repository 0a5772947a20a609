using System.Text.Json.Serialization;
using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Events;

/// <summary>The runtime's JSON: compact, nulls left out, the contract's property names.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentEvent))]
[JsonSerializable(typeof(AgentRunConfig))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
