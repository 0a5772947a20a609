using Microsoft.Extensions.AI;

namespace DynamoMcp.AgentRuntime.Tools;

/// <summary>The tools the model may call: their declarations (sent with each request) and how to call one.</summary>
internal interface IToolInvoker
{
    /// <summary>The allowed tools, as declarations for <see cref="ChatOptions.Tools"/>.</summary>
    IReadOnlyList<AITool> Tools { get; }

    /// <summary>Calls <paramref name="name"/> (one of <see cref="Tools"/>) with the model's arguments; a failing tool is a result with IsError, not an exception.</summary>
    Task<ToolResult> InvokeAsync(string name, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken);
}
