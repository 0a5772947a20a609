using System.Diagnostics;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Gateway;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Observability;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// Forwards a call of a <c>server__tool</c> tool to the server, in the caller's own upstream session of that server:
/// arguments and result unchanged, progress relayed to the caller's token, the caller's cancellation passed on, the
/// server's <c>spec.timeoutSeconds</c> as the bound, the upstream's sampling, elicitation and roots requests passed to
/// the calling client (when it has a session and declared the capability). The caller's credentials stay here: only
/// the server's own headers go upstream.
/// </summary>
/// <remarks>
/// Upstream sessions are per caller and server. The caller is the identity plus its MCP session id, so two sessions
/// of one identity never share upstream state; clients without a session (protocol 2026-07-28, or a stateless bridge)
/// share one upstream session per identity and server.
/// </remarks>
public sealed class GatewayForwarder(
    GatewayDirectory directory,
    UpstreamSessionPool pool,
    UpstreamToolCall call,
    CallerResolver callers,
    BridgeMetrics metrics)
{
    /// <summary>The pool key of a caller: its identity and, when it has one, its MCP session.</summary>
    public static string CallerKey(BridgeIdentity caller, string? sessionId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return sessionId is null ? "identity:" + caller.Name : "identity:" + caller.Name + "\nsession:" + sessionId;
    }

    public async Task<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, GatewayProxyTool tool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tool);
        var caller = callers.Resolve(request.User);
        var server = $"{tool.Namespace}/{tool.Tool.ServerName}";
        if (caller.Namespace != tool.Namespace)
        {
            throw new McpException($"Tool '{tool.ProtocolTool.Name}' belongs to namespace '{tool.Namespace}', not yours ('{caller.Namespace}'). Call tools/list again.");
        }

        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            if (directory.Target(tool.Namespace, tool.Tool.ServerName, out var notReady) is not { } target)
            {
                return Error($"McpServer {server} cannot take calls now: {notReady}. Call tools/list again for the tools on offer, or check the server with get_mcp_server.");
            }

            McpEndpoint endpoint;
            try
            {
                endpoint = await directory.EndpointAsync(target, cancellationToken).ConfigureAwait(false);
            }
            catch (McpException e)
            {
                return Error(e.Message);
            }

            var key = new UpstreamSessionKey(CallerKey(caller, request.Server.SessionId), target.Key);
            if (request.Server.SessionId is not null)
            {
                pool.SetRouter(key, new CallerRequestRouter(request.Server, target.Key));
            }

            var relay = request.Params?.ProgressToken is { } token ? new ProgressRelay(request.Server, token) : null;
            var arguments = request.Params?.Arguments?.AsReadOnly();
            var result = await (directory.UpstreamTool(tool.Namespace, tool.Tool.ServerName, tool.Tool.UpstreamName) is { } definition
                ? call.CallAsync(key, endpoint, definition, arguments, relay, target.Timeout, cancellationToken)
                : call.CallAsync(key, endpoint, tool.Tool.UpstreamName, arguments, relay, target.Timeout, cancellationToken)).ConfigureAwait(false);
            if (relay is not null)
            {
                await relay.FlushAsync().ConfigureAwait(false);
            }

            outcome = result.IsError == true ? "error" : "ok";
            return result;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            metrics.GatewayCall(server, tool.Tool.UpstreamName, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>A client session ended: its upstream sessions close and nothing routes to it any more.</summary>
    public ValueTask SessionEndedAsync(BridgeIdentity caller, string sessionId) => pool.ReleaseCallerAsync(CallerKey(caller, sessionId));

    private static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };
}
