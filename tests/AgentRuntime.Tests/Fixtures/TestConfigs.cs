using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Tests.Fixtures;

internal static class TestConfigs
{
    /// <summary>The fake clock's start; the default deadline is an hour later.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static AgentRunConfig Agent(string goal = "add 2 and 3", params string[] tools) => new()
    {
        Namespace = "team-a",
        Name = "adder",
        Goal = goal,
        Provider = "openai",
        Endpoint = "http://127.0.0.1:1/v1",
        Model = "test-model",
        Tools = tools,
        MaxTurns = 10,
        Deadline = Start.AddHours(1).UtcDateTime,
        BridgeUrl = "http://127.0.0.1:1/mcp",
        TokenPath = null,
    };
}
