using Microsoft.Extensions.AI;

namespace DynamoMcp.AgentRuntime.Tools;

/// <summary>An agent without tools (an empty allowlist): nothing to declare, nothing to call.</summary>
internal sealed class NoToolInvoker : IToolInvoker
{
    public static readonly NoToolInvoker Instance = new();

    private NoToolInvoker()
    {
    }

    public IReadOnlyList<AITool> Tools => [];

    public Task<ToolResult> InvokeAsync(string name, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken) =>
        Task.FromResult(new ToolResult($"no tool `{name}`: this agent has no tools", IsError: true));
}
