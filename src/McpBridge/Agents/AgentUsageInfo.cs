using System.ComponentModel;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Agents;

[Description("What an agent has spent (its own turns; subtreeTokens adds its descendants').")]
public sealed record AgentUsageInfo(
    [property: Description("Model calls made.")] int Turns,
    [property: Description("Tool calls made.")] int ToolCalls,
    [property: Description("Input tokens over all turns.")] long PromptTokens,
    [property: Description("Output tokens over all turns.")] long CompletionTokens,
    [property: Description("promptTokens + completionTokens.")] long TotalTokens,
    [property: Description("Tokens it and all its descendants spent.")] long SubtreeTokens,
    [property: Description("Seconds from start to the end (or to the last report while it runs).")] double WallSeconds)
{
    public static AgentUsageInfo From(AgentStatus? status)
    {
        var usage = status?.Usage;
        return new AgentUsageInfo(
            usage?.Turns ?? 0,
            usage?.ToolCalls ?? 0,
            usage?.PromptTokens ?? 0,
            usage?.CompletionTokens ?? 0,
            usage?.TotalTokens ?? 0,
            status?.SubtreeTokens ?? usage?.TotalTokens ?? 0,
            usage?.WallSeconds ?? 0);
    }
}
