using System.Diagnostics;
using DynamoMcp.McpBridge.Gateway;
using DynamoMcp.McpBridge.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Observability;

/// <summary>
/// Wraps every tool call: a server-side deadline, the metrics by tool and outcome, and user errors turned into tool
/// results here. The SDK would also turn an <see cref="McpException"/> into an error result, but it logs each one at
/// Error level with its stack trace ("threw an unhandled exception"), so a user's typo filled the logs; a logging filter
/// on that category would hide real bugs too, so the conversion happens before the SDK sees the exception.
/// </summary>
public static partial class ToolCallFilter
{
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Wrap(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        async (context, cancellationToken) =>
        {
            var services = context.Services!;
            var metrics = services.GetRequiredService<BridgeMetrics>();
            // A gateway tool is bounded by its server's spec.timeoutSeconds, and the upstream checks its own arguments.
            var gateway = context.MatchedPrimitive is GatewayProxyTool;
            var deadline = gateway ? Timeout.InfiniteTimeSpan : services.GetRequiredService<IOptions<BridgeOptions>>().Value.ToolDeadline;
            var tool = context.Params?.Name ?? "unknown";
            var started = Stopwatch.GetTimestamp();
            var clientGone = ClientGone(services);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, clientGone);
            timeout.CancelAfter(deadline);
            var outcome = "error";
            try
            {
                if (!gateway && MissingArguments(context) is { Count: > 0 } missing)
                {
                    throw new McpException(
                        $"Tool '{tool}' needs {string.Join(", ", missing.Select(m => $"'{m}'"))}: missing from the arguments. " +
                        "The tool's input schema (tools/list) lists every argument.");
                }

                var result = await next(context, timeout.Token).ConfigureAwait(false);
                outcome = result.IsError == true ? "error" : "ok";
                return result;
            }
            catch (McpException e) when (e is not McpProtocolException)
            {
                LogUserError(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ToolCallFilter)), tool, e.Message);
                return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = e.Message }] };
            }
            catch (OperationCanceledException) when (clientGone.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Nobody is left to answer; what the tool created stays (a Scaffold keeps rendering).
                outcome = "cancelled";
                LogClientGone(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ToolCallFilter)), tool);
                throw;
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

    /// <summary>
    /// Fires when the client abandons a Streamable HTTP POST whose response stream would carry this call's result.
    /// In stateful mode the SDK ties a handler's token to the session, not to that request, and a client that gives
    /// up on a call may just drop the stream (the C# client does) instead of sending notifications/cancelled: without
    /// this a cancelled create_project would go on waiting until its deadline. Without an event store nothing could
    /// deliver the result later anyway. Legacy SSE posts to /message are answered at once (202), so their requests say
    /// nothing about the call.
    /// </summary>
    private static CancellationToken ClientGone(IServiceProvider services) =>
        services.GetService<IHttpContextAccessor>()?.HttpContext is { } http
            && HttpMethods.IsPost(http.Request.Method)
            && !http.Request.Path.StartsWithSegments("/message", StringComparison.Ordinal)
            ? http.RequestAborted
            : CancellationToken.None;

    /// <summary>Required arguments absent or null: the SDK would pass null on and the tool fail without saying why.</summary>
    private static List<string> MissingArguments(RequestContext<CallToolRequestParams> context)
    {
        if (context.MatchedPrimitive is not McpServerTool tool
            || !tool.ProtocolTool.InputSchema.TryGetProperty("required", out var required)
            || required.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            return [];
        }

        var arguments = context.Params?.Arguments;
        return [.. required.EnumerateArray()
            .Select(r => r.GetString()!)
            .Where(name => arguments is null || !arguments.TryGetValue(name, out var value) || value.ValueKind == System.Text.Json.JsonValueKind.Null)];
    }

    [LoggerMessage(LogLevel.Information, "Tool {Tool} stopped: the client went away or cancelled the call")]
    private static partial void LogClientGone(ILogger logger, string tool);

    [LoggerMessage(LogLevel.Debug, "Tool {Tool} refused the call: {Reason}")]
    private static partial void LogUserError(ILogger logger, string tool, string reason);
}
