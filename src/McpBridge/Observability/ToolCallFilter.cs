using System.Diagnostics;
using DynamoMcp.McpBridge.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Observability;

/// <summary>Wraps every tool call: a server-side deadline, and the metrics by tool and outcome.</summary>
public static class ToolCallFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var services = context.Services!;
            var metrics = services.GetRequiredService<BridgeMetrics>();
            var deadline = services.GetRequiredService<IOptions<BridgeOptions>>().Value.ToolDeadline;
            var tool = context.Params?.Name ?? "unknown";
            var started = Stopwatch.GetTimestamp();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(deadline);
            var outcome = "error";
            try
            {
                var result = await next(context, timeout.Token).ConfigureAwait(false);
                outcome = result.IsError == true ? "error" : "ok";
                return result;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                outcome = "deadline";
                return new CallToolResult
                {
                    IsError = true,
                    Content = [new TextContentBlock { Text = $"Tool '{tool}' did not finish within the bridge's limit of {deadline.TotalSeconds:0} seconds. Anything it started keeps going; check its state with the get_ tools and retry if needed." }],
                };
            }
            catch (OperationCanceledException)
            {
                outcome = "cancelled";
                throw;
            }
            finally
            {
                metrics.ToolCall(tool, outcome, Stopwatch.GetElapsedTime(started));
            }
        };
}
