using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Tests.Fixtures;

namespace DynamoMcp.Mcp.Tests.Discovery;

/// <summary>The probe against a real server from npm, <c>@modelcontextprotocol/server-everything</c> in streamable-HTTP mode.</summary>
public sealed class ServerEverythingProbeTests
{
    [Fact]
    public async Task Discovers_the_real_tools_with_digests_stable_across_probes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ServerEverythingHttp.StartAsync(ct);
        var endpoint = new McpEndpoint(server.Url, McpTransport.StreamableHttp, new Dictionary<string, string>());
        var probe = new McpServerProbe();

        var first = await probe.ProbeAsync(endpoint, TimeSpan.FromSeconds(60), ct);
        var second = await probe.ProbeAsync(endpoint, TimeSpan.FromSeconds(60), ct);

        first.IsSuccess.Should().BeTrue(first.Message);
        second.IsSuccess.Should().BeTrue(second.Message);
        var description = first.Description!;
        description.ServerName.Should().Contain("everything");
        description.Tools.Select(t => t.Name).Should().Contain(["echo", "get-sum", "trigger-long-running-operation"]);
        var echo = description.Tools.Single(t => t.Name == "echo");
        echo.InputSchema["properties"]!["message"].Should().NotBeNull();
        echo.InputSchemaDigest.Should().MatchRegex("^sha256:[0-9a-f]{64}$");
        description.PromptCount.Should().BeGreaterThan(0);
        description.ResourceCount.Should().BeGreaterThan(0);
        second.Description!.Tools.Select(t => (t.Name, t.InputSchemaDigest)).Should().Equal(description.Tools.Select(t => (t.Name, t.InputSchemaDigest)));
    }

    [Fact]
    public async Task Discovers_the_same_tools_over_the_legacy_sse_transport()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ServerEverythingHttp.StartAsync(ct, legacySse: true);

        var result = await new McpServerProbe().ProbeAsync(new McpEndpoint(server.Url, McpTransport.Sse, new Dictionary<string, string>()), TimeSpan.FromSeconds(60), ct);

        result.IsSuccess.Should().BeTrue(result.Message);
        result.Description!.Tools.Select(t => t.Name).Should().Contain(["echo", "get-sum"]);
    }
}
