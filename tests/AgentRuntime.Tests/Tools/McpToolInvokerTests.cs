using System.Text.Json;
using DynamoMcp.AgentRuntime.Tests.Fixtures;
using DynamoMcp.AgentRuntime.Tools;

namespace DynamoMcp.AgentRuntime.Tests.Tools;

/// <summary>The bridge's tools over MCP, against an SDK MCP server.</summary>
public sealed class McpToolInvokerTests
{
    private static Dictionary<string, object?> Args(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => (object?)p.Value);

    [Fact]
    public async Task Lists_only_the_allowed_tools_and_calls_them()
    {
        await using var bridge = await TestBridge.StartAsync(TestContext.Current.CancellationToken);
        var config = TestConfigs.Agent("x", "add", "f*") with { BridgeUrl = bridge.Url.ToString() };

        await using var invoker = await McpToolInvoker.ConnectAsync(config, TestContext.Current.CancellationToken);

        invoker.Tools.Select(t => t.Name).Should().Equal("add", "fail");
        (await invoker.InvokeAsync("add", Args("""{"a":4,"b":5}"""), TestContext.Current.CancellationToken)).Should().Be(new ToolResult("9", IsError: false));
        var failed = await invoker.InvokeAsync("fail", Args("{}"), TestContext.Current.CancellationToken);
        failed.IsError.Should().BeTrue();
        failed.Text.Should().Contain("the disk is full");
    }

    [Fact]
    public async Task A_refused_credential_is_BridgeUnavailable()
    {
        await using var bridge = await TestBridge.StartAsync(TestContext.Current.CancellationToken, requiredToken: "right");
        var tokenPath = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tokenPath, "wrong", TestContext.Current.CancellationToken);
            var config = TestConfigs.Agent("x", "add") with { BridgeUrl = bridge.Url.ToString(), TokenPath = tokenPath };

            var connect = () => McpToolInvoker.ConnectAsync(config, TestContext.Current.CancellationToken);

            (await connect.Should().ThrowAsync<BridgeUnavailableException>()).Which.Message.Should().Contain(bridge.Url.ToString()).And.NotContain("wrong");
            bridge.Authorizations.Should().NotBeEmpty().And.OnlyContain(a => a == "Bearer wrong");
        }
        finally
        {
            File.Delete(tokenPath);
        }
    }

    [Fact]
    public async Task A_restarted_bridge_is_reconnected_to_with_the_token_read_again()
    {
        var tokenPath = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tokenPath, "first", TestContext.Current.CancellationToken);
            var bridge = await TestBridge.StartAsync(TestContext.Current.CancellationToken);
            var config = TestConfigs.Agent("x", "add") with { BridgeUrl = bridge.Url.ToString(), TokenPath = tokenPath };
            await using var invoker = await McpToolInvoker.ConnectAsync(config, TestContext.Current.CancellationToken);
            (await invoker.InvokeAsync("add", Args("""{"a":1,"b":2}"""), TestContext.Current.CancellationToken)).Text.Should().Be("3");

            await bridge.DisposeAsync();
            await File.WriteAllTextAsync(tokenPath, "second", TestContext.Current.CancellationToken);
            await using var restarted = await TestBridge.StartAsync(TestContext.Current.CancellationToken, bridge.Url.Port);

            var result = await invoker.InvokeAsync("add", Args("""{"a":2,"b":2}"""), TestContext.Current.CancellationToken);

            result.Should().Be(new ToolResult("4", IsError: false));
            restarted.Calls.Should().ContainSingle();
            restarted.Authorizations.Should().NotBeEmpty().And.OnlyContain(a => a == "Bearer second");
        }
        finally
        {
            File.Delete(tokenPath);
        }
    }
}
