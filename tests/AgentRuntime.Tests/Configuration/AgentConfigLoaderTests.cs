using System.Text.Json.Nodes;
using DynamoMcp.AgentRuntime.Configuration;

namespace DynamoMcp.AgentRuntime.Tests.Configuration;

public sealed class AgentConfigLoaderTests
{
    private const string Valid = """
        {"namespace":"team-a","name":"adder","goal":"add","provider":"openai","endpoint":"http://m:11434/v1","model":"qwen",
         "tools":["add","fs__*"],"maxTokens":1000,"maxTurns":5,"deadline":"2026-01-01T13:00:00Z","bridgeUrl":"http://bridge/mcp"}
        """;

    [Fact]
    public void A_valid_config_is_read_with_its_defaults()
    {
        var config = AgentConfigLoader.Parse(Valid, out var error);

        error.Should().BeNull();
        config!.Tools.Should().Equal("add", "fs__*");
        config.TokenPath.Should().Be("/var/run/secrets/dynamo-mcp/bridge/token");
        AgentConfigLoader.DeadlineUtc(config).Should().Be(new DateTimeOffset(2026, 1, 1, 13, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("goal", null, "goal")]
    [InlineData("goal", "\" \"", "goal: must not be empty")]
    [InlineData("provider", "\"gemini\"", "provider: `gemini`")]
    [InlineData("endpoint", "\"not a url\"", "endpoint:")]
    [InlineData("maxTurns", "0", "maxTurns: 0")]
    [InlineData("maxTokens", "-1", "maxTokens: -1")]
    [InlineData("temperature", "3", "temperature: 3")]
    [InlineData("tools", "[\"a*b\"]", "tools[0]: `a*b`")]
    [InlineData("bridgeUrl", "\"ftp://x\"", "bridgeUrl:")]
    [InlineData("deadline", "\"soon\"", "deadline")]
    public void A_wrong_or_missing_field_is_named(string field, string? value, string expected)
    {
        var json = JsonNode.Parse(Valid)!.AsObject();
        if (value is null)
        {
            json.Remove(field);
        }
        else
        {
            json[field] = JsonNode.Parse(value);
        }

        AgentConfigLoader.Parse(json.ToJsonString(), out var error).Should().BeNull();
        error.Should().Contain(expected);
    }

    [Fact]
    public void Without_tools_the_bridge_url_is_not_needed()
    {
        var json = JsonNode.Parse(Valid)!.AsObject();
        json["tools"] = new JsonArray();
        json["bridgeUrl"] = "";

        AgentConfigLoader.Parse(json.ToJsonString(), out var error).Should().NotBeNull();
        error.Should().BeNull();
    }
}
