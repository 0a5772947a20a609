using System.Text.Json;
using DynamoMcp.AgentRuntime.Tools;
using Microsoft.Extensions.AI;

namespace DynamoMcp.AgentRuntime.Tests.Fixtures;

/// <summary>Tools by name, each a function of its arguments; records every call.</summary>
internal sealed class FakeToolInvoker : IToolInvoker
{
    private readonly Dictionary<string, Func<IReadOnlyDictionary<string, object?>, ToolResult>> tools = new(StringComparer.Ordinal);
    private readonly List<AITool> declarations = [];

    public List<(string Name, IReadOnlyDictionary<string, object?> Arguments)> Calls { get; } = [];

    public IReadOnlyList<AITool> Tools => declarations;

    public FakeToolInvoker With(string name, Func<IReadOnlyDictionary<string, object?>, ToolResult> behaviour)
    {
        tools[name] = behaviour;
        declarations.Add(AIFunctionFactory.CreateDeclaration(name, $"the {name} tool", JsonDocument.Parse("""{"type":"object"}""").RootElement));
        return this;
    }

    public Task<ToolResult> InvokeAsync(string name, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        Calls.Add((name, arguments));
        return Task.FromResult(tools[name](arguments));
    }
}
