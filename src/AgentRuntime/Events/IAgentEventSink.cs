using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Events;

/// <summary>Where the loop reports its turn and result events.</summary>
internal interface IAgentEventSink
{
    void Emit(AgentEvent agentEvent);
}
