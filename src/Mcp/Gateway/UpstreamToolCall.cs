using System.Net;
using System.Text.Json;
using DynamoMcp.Mcp.Discovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>
/// Forwards one tools/call to an upstream server through the pool's session of the caller: arguments and results
/// unchanged, progress relayed, the caller's cancellation passed on (the SDK sends notifications/cancelled), bounded
/// by the server's timeout. A session the upstream no longer knows is re-established once. Every failure becomes an
/// <c>isError</c> result naming the server and what to do, never a stack trace.
/// </summary>
/// <param name="pool">Where the caller's upstream sessions live.</param>
/// <param name="logger">No header values, and arguments only at Trace.</param>
public sealed class UpstreamToolCall(UpstreamSessionPool pool, ILogger<UpstreamToolCall>? logger = null)
{
    private readonly ILogger logger = logger ?? NullLogger<UpstreamToolCall>.Instance;

    /// <summary>Calls <paramref name="upstreamToolName"/> on the server of <paramref name="key"/>.</summary>
    /// <param name="key">The caller and the server.</param>
    /// <param name="endpoint">The server's URL, transport and its own headers (never the caller's).</param>
    /// <param name="upstreamToolName">The tool's name upstream (the catalog's <see cref="GatewayTool.UpstreamName"/>).</param>
    /// <param name="arguments">Passed through unchanged.</param>
    /// <param name="progress">Receives the upstream's progress notifications of this call, if given.</param>
    /// <param name="timeout">The server's <c>spec.timeoutSeconds</c>: connecting and the call together.</param>
    /// <param name="cancellationToken">The caller's: cancelling it cancels the call upstream and throws here.</param>
    /// <returns>The upstream's result as it came, or an <c>isError</c> result that says what went wrong.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<CallToolResult> CallAsync(
        UpstreamSessionKey key,
        McpEndpoint endpoint,
        string upstreamToolName,
        IReadOnlyDictionary<string, JsonElement>? arguments,
        IProgress<ProgressNotificationValue>? progress,
        TimeSpan timeout,
        CancellationToken cancellationToken) =>
        CallCoreAsync(key, endpoint, upstreamToolName, null, arguments, progress, timeout, cancellationToken);

    /// <summary>
    /// Calls <paramref name="upstreamTool"/> (the definition the upstream listed, so the SDK client knows its schema and
    /// can send the Mcp-Param-* headers it asks for) on the server of <paramref name="key"/>.
    /// </summary>
    public Task<CallToolResult> CallAsync(
        UpstreamSessionKey key,
        McpEndpoint endpoint,
        Tool upstreamTool,
        IReadOnlyDictionary<string, JsonElement>? arguments,
        IProgress<ProgressNotificationValue>? progress,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstreamTool);
        return CallCoreAsync(key, endpoint, upstreamTool.Name, upstreamTool, arguments, progress, timeout, cancellationToken);
    }

    private async Task<CallToolResult> CallCoreAsync(
        UpstreamSessionKey key,
        McpEndpoint endpoint,
        string upstreamToolName,
        Tool? upstreamTool,
        IReadOnlyDictionary<string, JsonElement>? arguments,
        IProgress<ProgressNotificationValue>? progress,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(upstreamToolName);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var server = key.Server;
        logger.LogDebug("Forwarding tools/call {Tool} to {Server}", upstreamToolName, server);
        if (logger.IsEnabled(LogLevel.Trace) && arguments is not null)
        {
            logger.LogTrace("tools/call {Tool} to {Server} with arguments {Arguments}", upstreamToolName, server, JsonSerializer.Serialize(arguments, McpJsonUtilities.DefaultOptions));
        }

        var reestablished = false;
        while (true)
        {
            UpstreamSession? session = null;
            try
            {
                session = await pool.GetAsync(key, endpoint, deadline.Token).ConfigureAwait(false);
                session.BeginUse(pool.Now);
                try
                {
                    if (upstreamTool is not null)
                    {
                        session.Know(upstreamTool);
                    }

                    return await SendAsync(session, upstreamToolName, arguments, progress, deadline.Token).ConfigureAwait(false);
                }
                finally
                {
                    session.EndUse(pool.Now);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("tools/call {Tool} to {Server} cancelled by the caller", upstreamToolName, server);
                throw;
            }
            catch (Exception e) when (session is not null && IsSessionGone(e, session))
            {
                await pool.InvalidateAsync(key, session).ConfigureAwait(false);
                if (reestablished)
                {
                    return Failed(e, $"McpServer {server} ended its MCP session again right after the gateway re-established it (tool '{upstreamToolName}'): the server may be restarting or dropping sessions; try again in a moment, and check its logs if it persists.");
                }

                logger.LogInformation("Upstream session of {Server} is gone (the server no longer knows it); re-establishing once", server);
                reestablished = true;
            }
            catch (Exception e) when (deadline.IsCancellationRequested || e is TimeoutException)
            {
                return Failed(e, $"McpServer {server} did not answer tool '{upstreamToolName}' within {Seconds(timeout)} (its spec.timeoutSeconds): try again with less work, or raise spec.timeoutSeconds of the McpServer if the tool needs longer.");
            }
            catch (McpProtocolException e)
            {
                return Failed(e, $"McpServer {server} refused tool '{upstreamToolName}': {e.Message} (JSON-RPC error {(int)e.ErrorCode}); check the tool's name and the arguments against its input schema.");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var reason = McpProbeFailureClassifier.Classify(e, endpoint, "tools/call").Message;
                return Failed(e, $"McpServer {server} could not run tool '{upstreamToolName}': {reason}. Try again once the server is Ready (see its status conditions).");
            }
        }

        CallToolResult Failed(Exception e, string message)
        {
            logger.LogInformation("tools/call {Tool} to {Server} failed: {Reason}", upstreamToolName, server, message);
            logger.LogDebug(e, "tools/call {Tool} to {Server}: the exception behind the failure", upstreamToolName, server);
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = message }] };
        }
    }

    /// <summary>
    /// One tools/call under a request id of the gateway's own, so that when the call is cancelled (by the caller or the
    /// deadline) the upstream is told with notifications/cancelled: the SDK client only drops the response stream, and
    /// a server with sessions ties its handler to the session, not to that stream, so the tool would run on.
    /// </summary>
    private async Task<CallToolResult> SendAsync(
        UpstreamSession session,
        string upstreamToolName,
        IReadOnlyDictionary<string, JsonElement>? arguments,
        IProgress<ProgressNotificationValue>? progress,
        CancellationToken cancellationToken)
    {
        var client = session.Client;
        var requestId = new RequestId("gateway-" + Guid.NewGuid().ToString("N"));
        var parameters = new CallToolRequestParams
        {
            Name = upstreamToolName,
            Arguments = arguments?.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
        };
        IDisposable? relay = null;
        if (progress is not null)
        {
            var token = "gateway-progress-" + Guid.NewGuid().ToString("N");
            parameters.Meta = new System.Text.Json.Nodes.JsonObject { ["progressToken"] = token };
            relay = session.TrackProgress(token, progress);
        }

        try
        {
            return await client.SendRequestAsync<CallToolRequestParams, CallToolResult>(
                RequestMethods.ToolsCall, parameters, McpJsonUtilities.DefaultOptions, requestId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await NotifyCancelledAsync(session, requestId).ConfigureAwait(false);
            throw;
        }
        finally
        {
            relay?.Dispose();
        }
    }

    private async Task NotifyCancelledAsync(UpstreamSession session, RequestId requestId)
    {
        if (session.IsClosed)
        {
            return;
        }

        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await session.Client.SendNotificationAsync(
                NotificationMethods.CancelledNotification,
                new CancelledNotificationParams { RequestId = requestId, Reason = "cancelled by the gateway's caller or the server's timeout" },
                McpJsonUtilities.DefaultOptions,
                grace.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogDebug(e, "Could not tell {Server} that request {RequestId} was cancelled", session.Key.Server, requestId);
        }
    }

    /// <summary>
    /// The upstream no longer knows the session: Streamable HTTP answers 404 to a request with a known session id, and
    /// the SDK closes the transport with it (<see cref="ClientTransportClosedException"/> whose details carry 404), or
    /// throws the 404 as an <see cref="HttpRequestException"/>. A transport already closed counts too.
    /// </summary>
    internal static bool IsSessionGone(Exception exception, UpstreamSession session)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ClientTransportClosedException { Details: HttpClientCompletionDetails { HttpStatusCode: HttpStatusCode.NotFound } })
            {
                return true;
            }

            if (e is HttpRequestException { StatusCode: HttpStatusCode.NotFound } && session.Client.SessionId is not null)
            {
                return true;
            }
        }

        return exception is ClientTransportClosedException or ObjectDisposedException && session.IsClosed;
    }

    private static string Seconds(TimeSpan timeout) =>
        timeout.TotalSeconds % 1 == 0 ? $"{timeout.TotalSeconds:0}s" : $"{timeout.TotalSeconds:0.###}s";
}
