using System.Diagnostics;

namespace DynamoMcp.Agent.Bench;

/// <summary>
/// One measured run of either side: its wall time and allocations (the whole process, both servers included), when it
/// started and ended, when each turn with a tool call ended, when each tool call reached the MCP server's handler
/// (<see cref="Stopwatch"/> timestamps), and the model requests it made (count, size of the last body).
/// </summary>
internal sealed record RunSample(double WallMs, long AllocatedBytes, long Start, long End, IReadOnlyList<long> TurnEnds, IReadOnlyList<long> ToolCalls, int ModelRequests, int LastRequestBytes)
{
    /// <summary>Turn k−1 end → turn k end, for k ≥ 2 (a turn in steady state: model call, tool call, bookkeeping).</summary>
    public IEnumerable<double> TurnMs => TurnEnds.Zip(TurnEnds.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds);

    /// <summary>Turn k−1 end → turn k's tool call at the server, for k ≥ 2: the model call and the tool request going out.</summary>
    public IEnumerable<double> ModelLegMs => TurnEnds.Zip(ToolCalls.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds);

    /// <summary>Turn k's tool call at the server → turn k end, for k ≥ 2: the tool's answer coming back and the turn's bookkeeping.</summary>
    public IEnumerable<double> ToolLegMs => ToolCalls.Zip(TurnEnds, (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).Skip(1);

    /// <summary>Start → end of the first turn (for the runtime: config, connect, list tools, the first turn).</summary>
    public double FirstTurnMs => TurnEnds.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(Start, TurnEnds[0]).TotalMilliseconds;

    /// <summary>End of the last turn with tool calls → end of the run (the final answer's model call, for the runtime also the result event and disconnecting).</summary>
    public double TailMs => TurnEnds.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(TurnEnds[^1], End).TotalMilliseconds;
}
