using DynamoMcp.AgentRuntime.Events;
using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Tests.Fixtures;

internal sealed class ListEventSink : IAgentEventSink
{
    public List<AgentEvent> Events { get; } = [];

    public IEnumerable<AgentEvent> Turns => Events.Where(e => e.Kind == AgentEvent.TurnKind);

    public void Emit(AgentEvent agentEvent) => Events.Add(agentEvent);
}
