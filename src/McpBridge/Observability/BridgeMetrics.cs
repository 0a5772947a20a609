using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DynamoMcp.McpBridge.Observability;

/// <summary>
/// The bridge's instruments. Exported to Prometheus as <c>dynamo_mcp_bridge_tool_calls_total{tool,outcome}</c>,
/// <c>dynamo_mcp_bridge_tool_call_duration_seconds</c> and <c>dynamo_mcp_bridge_active_sessions</c>.
/// </summary>
public sealed class BridgeMetrics
{
    public const string MeterName = "DynamoMcp.McpBridge";

    /// <summary>Tool calls run from milliseconds (cache reads) to minutes (waiting for a scaffold).</summary>
    public static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    // One process-wide meter that is never disposed. A meter per host (IMeterFactory) is disposed with its host, and
    // OpenTelemetry then stops collecting every meter of that name in the process (open-telemetry/opentelemetry-dotnet#6412):
    // stopping one embedded bridge (tests, local mode) silenced the others' /metrics.
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("dynamo_mcp_bridge_tool_calls", description: "MCP tool calls by tool and outcome (ok, error, deadline, cancelled).");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "dynamo_mcp_bridge_tool_call_duration",
        unit: "s",
        description: "Duration of MCP tool calls.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    private static readonly UpDownCounter<long> Sessions = Meter.CreateUpDownCounter<long>("dynamo_mcp_bridge_active_sessions", description: "Open stateful MCP sessions.");

    public void ToolCall(string tool, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "tool", tool }, { "outcome", outcome } };
        Calls.Add(1, tags);
        Duration.Record(duration.TotalSeconds, tags);
    }

    public void SessionStarted() => Sessions.Add(1);

    public void SessionEnded() => Sessions.Add(-1);
}
