using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DynamoMcp.Api.Agents;

namespace DynamoMcp.Agent.Bench;

/// <summary>
/// The runtime's stdout: keeps each event line (<see cref="AgentRuntimeContract.EventPrefix"/> + JSON) with the
/// <see cref="Stopwatch"/> timestamp it was written at; other output is dropped.
/// </summary>
internal sealed class EventRecorder : TextWriter
{
    private readonly Lock gate = new();
    private readonly List<(long Timestamp, AgentEvent Event)> events = [];
    private readonly StringBuilder partial = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<(long Timestamp, AgentEvent Event)> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public override void Write(char value)
    {
        lock (gate)
        {
            if (value == '\n')
            {
                Add(partial.ToString());
                partial.Clear();
            }
            else
            {
                partial.Append(value);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            Add(partial.Append(value).ToString(), now);
            partial.Clear();
        }
    }

    /// <summary>The event of <paramref name="line"/>, or null when it is not an event line.</summary>
    public static AgentEvent? Parse(string line) =>
        line.StartsWith(AgentRuntimeContract.EventPrefix, StringComparison.Ordinal)
            ? JsonSerializer.Deserialize<AgentEvent>(line.AsSpan(AgentRuntimeContract.EventPrefix.Length))
            : null;

    private void Add(string line, long? timestamp = null)
    {
        if (Parse(line.TrimEnd('\r')) is { } agentEvent)
        {
            events.Add((timestamp ?? Stopwatch.GetTimestamp(), agentEvent));
        }
    }
}
