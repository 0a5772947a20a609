using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Events;

/// <summary>Writes each event as one line (<see cref="AgentEventLine"/>) and flushes it, so the operator sees it at once.</summary>
internal sealed class TextWriterEventSink(TextWriter writer) : IAgentEventSink
{
    private readonly Lock gate = new();

    public void Emit(AgentEvent agentEvent)
    {
        var line = AgentEventLine.Format(agentEvent);
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
