using System.Text.Json.Serialization;
using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Events;

/// <summary>
/// The event lines' JSON: compact, nulls left out, the contract's property names. Not used for <see cref="AgentRunConfig"/>:
/// the source generator sets init-only properties missing from the JSON to default, losing their initializers
/// (tokenPath, tools, depth); the reflection serializer keeps them.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentEvent))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
