using DynamoMcp.McpBridge.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.Integration;

[Collection(BridgeCollection.Name)]
public sealed class LoggingTests(BridgeFixture fx)
{
    [Fact]
    public async Task A_user_mistake_is_a_tool_error_without_an_error_log_or_stack_trace()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new RecordingLoggerProvider();
        await using BridgeHost bridge = await fx.StartBridgeAsync(
            new Dictionary<string, string?>(),
            ct,
            logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using var client = await BridgeFixture.ConnectAsync(bridge.McpEndpoint, HttpTransportMode.StreamableHttp, Tenants.Dave.ApiKey, null, ct);

        var result = await client.CallToolAsync("create_project", new Dictionary<string, object?> { ["template"] = "no-such-template" }, cancellationToken: ct);

        result.IsError.Should().BeTrue();
        TemplateLifecycleTests.Text(result).Should().StartWith("Template 'no-such-template' was not found");
        logs.Entries.Should().Contain(e => e.Level == LogLevel.Debug && e.Message.Contains("create_project refused the call", StringComparison.Ordinal));
        logs.Entries.Where(e => e.Level >= LogLevel.Warning).Should().NotContain(e => e.Exception is McpException || e.Message.Contains("no-such-template", StringComparison.Ordinal));
    }
}
