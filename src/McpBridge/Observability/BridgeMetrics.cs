using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DynamoMcp.McpBridge.Observability;

/// <summary>
/// The bridge's instruments. Exported to Prometheus as <c>dynamo_mcp_bridge_tool_calls_total{tool,outcome}</c>,
/// <c>dynamo_mcp_bridge_tool_call_duration_seconds</c> and <c>dynamo_mcp_bridge_active_sessions</c>.
/// </summary>
public sealed class BridgeMetrics : IDisposable
{
    public const string MeterName = "DynamoMcp.McpBridge";

    /// <summary>Tool calls run from milliseconds (cache reads) to minutes (waiting for a scaffold).</summary>
    public static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _sessions;

    public BridgeMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _calls = _meter.CreateCounter<long>("dynamo_mcp_bridge_tool_calls", description: "MCP tool calls by tool and outcome (ok, error, deadline, cancelled).");
        _duration = _meter.CreateHistogram(
            "dynamo_mcp_bridge_tool_call_duration",
            unit: "s",
            description: "Duration of MCP tool calls.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _sessions = _meter.CreateUpDownCounter<long>("dynamo_mcp_bridge_active_sessions", description: "Open stateful MCP sessions.");
    }

    public void ToolCall(string tool, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "tool", tool }, { "outcome", outcome } };
        _calls.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void SessionStarted() => _sessions.Add(1);

    public void SessionEnded() => _sessions.Add(-1);

    public void Dispose() => _meter.Dispose();
}
