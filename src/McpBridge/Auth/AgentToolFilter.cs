using DynamoMcp.McpBridge.Auth;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>
/// An agent sees and calls only the tools its Agent's spec.tools allows (names, or prefixes ending in *), whichever
/// kind they are (the bridge's own, scaffold_/workflow_ tools, gateway tools). People's clients are not filtered.
/// </summary>
public static class AgentToolFilter
{
    public static McpRequestHandler<ListToolsRequestParams, ListToolsResult> List(McpRequestHandler<ListToolsRequestParams, ListToolsResult> next) =>
        async (context, cancellationToken) =>
        {
            var result = await next(context, cancellationToken).ConfigureAwait(false);
            if (Agent(context) is { } agent)
            {
                result.Tools = [.. result.Tools.Where(t => agent.Allows(t.Name))];
            }

            return result;
        };

    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Call(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (context, cancellationToken) =>
        {
            var tool = context.Params?.Name ?? "";
            if (Agent(context) is { } agent && !agent.Allows(tool))
            {
                return ValueTask.FromResult(new CallToolResult
                {
                    IsError = true,
                    Content = [new TextContentBlock { Text = $"Tool '{tool}' is not in agent {agent.Name}'s allowlist (spec.tools: {string.Join(", ", agent.Tools)})." }],
                });
            }

            return next(context, cancellationToken);
        };

    private static AgentCaller? Agent<TParams>(RequestContext<TParams> context) =>
        context.Services?.GetRequiredService<CallerResolver>().Resolve(context.User).Agent;
}
