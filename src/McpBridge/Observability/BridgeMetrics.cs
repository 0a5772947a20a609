using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using DynamoMcp.Mcp.Gateway;

namespace DynamoMcp.McpBridge.Observability;

/// <summary>
/// The bridge's instruments. Exported to Prometheus as <c>dynamo_mcp_bridge_tool_calls_total{tool,outcome}</c>,
/// <c>dynamo_mcp_bridge_tool_call_duration_seconds</c> and <c>dynamo_mcp_bridge_active_sessions</c>; the gateway's as
/// <c>dynamo_mcp_bridge_gateway_calls_total{server,tool,outcome}</c>, <c>dynamo_mcp_bridge_gateway_call_duration_seconds</c>
/// and <c>dynamo_mcp_bridge_gateway_upstream_sessions</c> (server is <c>namespace/name</c>, tool the upstream name).
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
    private static readonly Counter<long> GatewayCalls = Meter.CreateCounter<long>("dynamo_mcp_bridge_gateway_calls", description: "Tool calls forwarded to McpServers, by server, tool and outcome (ok, error, cancelled).");
    private static readonly Histogram<double> GatewayDuration = Meter.CreateHistogram(
        "dynamo_mcp_bridge_gateway_call_duration",
        unit: "s",
        description: "Duration of tool calls forwarded to McpServers.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    // Every pool of the process (several embedded bridges in tests and local mode), summed; a disposed pool counts 0
    // and is dropped with its bridge.
    private static readonly ConditionalWeakTable<UpstreamSessionPool, object> Pools = [];
    private static readonly ObservableGauge<int> UpstreamSessions = Meter.CreateObservableGauge(
        "dynamo_mcp_bridge_gateway_upstream_sessions", () => Pools.Sum(p => p.Key.Count), description: "Upstream MCP sessions the gateway holds (one per caller and server).");

    // The open sessions of every live bridge of the process, read when collected: an up-down counter's sum would count
    // a session that began before a bridge's exporter started listening only by its end (going negative in tests and
    // local mode, where several bridges share this meter).
    private static readonly ConditionalWeakTable<BridgeMetrics, object> Bridges = [];
    private static readonly ObservableGauge<int> Sessions = Meter.CreateObservableGauge(
        "dynamo_mcp_bridge_active_sessions", () => Bridges.Sum(b => Volatile.Read(ref b.Key.sessions)), description: "Open stateful MCP sessions.");

    private int sessions;

    public BridgeMetrics()
    {
        _ = Sessions;
        Bridges.TryAdd(this, this);
    }

    public void ToolCall(string tool, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "tool", tool }, { "outcome", outcome } };
        Calls.Add(1, tags);
        Duration.Record(duration.TotalSeconds, tags);
    }

    public void GatewayCall(string server, string tool, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "server", server }, { "tool", tool }, { "outcome", outcome } };
        GatewayCalls.Add(1, tags);
        GatewayDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Counts <paramref name="pool"/>'s sessions in the upstream-sessions gauge.</summary>
    public static void Track(UpstreamSessionPool pool)
    {
        _ = UpstreamSessions;
        Pools.TryAdd(pool, pool);
    }

    public void SessionStarted() => Interlocked.Increment(ref sessions);

    public void SessionEnded() => Interlocked.Decrement(ref sessions);
}
