using System.Text.Json;
using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Events;

/// <summary>An event as the line the operator reads: <see cref="AgentRuntimeContract.EventPrefix"/> + compact JSON.</summary>
internal static class AgentEventLine
{
    public static string Format(AgentEvent agentEvent) =>
        AgentRuntimeContract.EventPrefix + JsonSerializer.Serialize(agentEvent, AgentJsonContext.Default.AgentEvent);

    /// <summary>The event of an event line, or null for any other line.</summary>
    public static AgentEvent? TryParse(string line)
    {
        if (!line.StartsWith(AgentRuntimeContract.EventPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line.AsSpan(AgentRuntimeContract.EventPrefix.Length), AgentJsonContext.Default.AgentEvent);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
