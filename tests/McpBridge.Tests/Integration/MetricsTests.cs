using System.Globalization;

namespace DynamoMcp.McpBridge.Tests.Integration;

[Collection(BridgeCollection.Name)]
public sealed class MetricsTests(BridgeFixture fx)
{
    private const string Calls = "dynamo_mcp_bridge_tool_calls_total";

    [Fact]
    public async Task Metrics_count_tool_calls_by_tool_and_outcome_and_expose_duration_and_sessions()
    {
        var ct = TestContext.Current.CancellationToken;
        // A session client (2025-11-25), so that the active-sessions gauge counts this test's own session.
        await using var client = await fx.ConnectAsync(Tenants.Dave.ApiKey, new ModelContextProtocol.Client.McpClientOptions { ProtocolVersion = "2025-11-25" }, ct);
        await client.CallToolAsync("get_project_status", new Dictionary<string, object?> { ["name"] = "metrics-none" }, cancellationToken: ct);
        var before = await fx.ScrapeMetricsUntilAsync(text => Value(text, "get_project_status", "error") >= 1, ct);
        var okBefore = Value(before, "get_project_status", "ok");
        var errorBefore = Value(before, "get_project_status", "error");

        var failed = await client.CallToolAsync("get_project_status", new Dictionary<string, object?> { ["name"] = "metrics-none" }, cancellationToken: ct);
        failed.IsError.Should().BeTrue();

        // The exporter caches a scrape briefly: scrape until the count moved.
        var after = await fx.ScrapeMetricsUntilAsync(text => Value(text, "get_project_status", "error") > errorBefore, ct);
        Value(after, "get_project_status", "error").Should().Be(errorBefore + 1);
        Value(after, "get_project_status", "ok").Should().Be(okBefore);
        after.Should().Contain("dynamo_mcp_bridge_tool_call_duration_seconds_bucket{")
            .And.Contain("dynamo_mcp_bridge_tool_call_duration_seconds_count{")
            .And.MatchRegex(@"dynamo_mcp_bridge_tool_call_duration_seconds_bucket\{[^}]*le=""0\.001""");
        Lines(after, "dynamo_mcp_bridge_active_sessions").Should().NotBeEmpty();
        Sample(Lines(after, "dynamo_mcp_bridge_active_sessions").First()).Should().BeGreaterThanOrEqualTo(1);
    }

    /// <summary>dynamo_mcp_bridge_tool_calls_total for one tool and outcome in a Prometheus scrape (0 when absent).</summary>
    internal static double Value(string scrape, string tool, string outcome) =>
        Lines(scrape, Calls)
            .Where(l => l.Contains($"tool=\"{tool}\"", StringComparison.Ordinal) && l.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal))
            .Select(Sample)
            .DefaultIfEmpty(0)
            .Sum();

    /// <summary>The value of an exposition line: the first field after the name and labels (a timestamp may follow).</summary>
    private static double Sample(string line)
    {
        var rest = line.Contains('}', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ', StringComparison.Ordinal)..];
        return double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static IEnumerable<string> Lines(string scrape, string metric) =>
        scrape.Split('\n').Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal));
}
