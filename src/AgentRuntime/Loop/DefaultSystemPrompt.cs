using System.Globalization;
using DynamoMcp.AgentRuntime.Configuration;
using DynamoMcp.Api.Agents;

namespace DynamoMcp.AgentRuntime.Loop;

/// <summary>The system prompt of an agent whose config has none: its goal, its tools, its budgets, how to finish.</summary>
internal static class DefaultSystemPrompt
{
    public static string For(AgentRunConfig config, int toolCount)
    {
        var tokens = config.MaxTokens is { } max ? string.Create(CultureInfo.InvariantCulture, $"{max} tokens (prompt and completion together)") : "no token limit";
        var tools = toolCount > 0
            ? string.Create(CultureInfo.InvariantCulture, $"You have {toolCount} tools; call them when they help you reach the goal, and read their results (a result starting with \"error:\" means the call failed).")
            : "You have no tools.";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"""
            You are an autonomous agent working towards one goal, given in the next message. Nobody will answer questions: decide for yourself.
            {tools}
            Your budget: at most {config.MaxTurns} turns (model calls), {tokens}, and the deadline {AgentConfigLoader.DeadlineUtc(config):yyyy-MM-ddTHH:mm:ssZ}.
            When you are done, answer with your final answer and call no tool. If the goal asks for structured output, answer with one JSON object and nothing else.
            """);
    }
}
