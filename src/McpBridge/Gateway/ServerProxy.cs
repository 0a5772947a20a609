using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using DynamoMcp.McpBridge.Observability;
using DynamoMcp.McpBridge.Templates;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using Yarp.ReverseProxy.Forwarder;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// <c>/servers/{namespace}/{name}/mcp</c>: one McpServer's own MCP endpoint (tools, prompts, resources, everything it
/// speaks, unprefixed) behind the bridge's authentication, RBAC and rate limit. Requests are forwarded as they come,
/// streamed both ways (SSE responses included), so the client talks to the server itself — its session, its
/// notifications, its requests to the client. What changes is listed in <see cref="ServerProxyTransformer"/>; session
/// ids are bound to the caller (<see cref="SessionIdBinding"/>), which keeps any replica able to serve any request.
/// </summary>
public sealed partial class ServerProxy : IDisposable
{
    private readonly GatewayDirectory directory;
    private readonly CallerResolver callers;
    private readonly NamespaceAccessGuard guard;
    private readonly IHttpForwarder forwarder;
    private readonly SessionIdBinding binding;
    private readonly BridgeMetrics metrics;
    private readonly IOptions<BridgeOptions> options;
    private readonly ILogger<ServerProxy> logger;
    private readonly HttpMessageInvoker client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        EnableMultipleHttp2Connections = true,
    });

    public ServerProxy(
        GatewayDirectory directory,
        CallerResolver callers,
        NamespaceAccessGuard guard,
        IHttpForwarder forwarder,
        SessionIdBinding binding,
        BridgeMetrics metrics,
        IOptions<BridgeOptions> options,
        ILogger<ServerProxy> logger)
    {
        this.directory = directory;
        this.callers = callers;
        this.guard = guard;
        this.forwarder = forwarder;
        this.binding = binding;
        this.metrics = metrics;
        this.options = options;
        this.logger = logger;
    }

    public async Task HandleAsync(HttpContext context, string @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        BridgeIdentity caller;
        try
        {
            caller = callers.Resolve(context.User);
            if (@namespace != caller.Namespace)
            {
                await guard.EnsureCanReadAsync(caller, @namespace, $"McpServer {name}", cancellationToken, CustomResourceKind.McpServer).ConfigureAwait(false);
            }
        }
        catch (McpException e)
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, e.Message).ConfigureAwait(false);
            return;
        }

        var server = $"{@namespace}/{name}";
        if (directory.Target(@namespace, name, out var notReady) is not { } target)
        {
            var missing = notReady == "it does not exist";
            if (!missing)
            {
                context.Response.Headers.RetryAfter = "5";
            }

            await ErrorAsync(
                context,
                missing ? StatusCodes.Status404NotFound : StatusCodes.Status503ServiceUnavailable,
                $"McpServer {server} cannot take requests: {notReady}." + (missing ? " list_mcp_servers shows the servers of your namespace." : " Try again once it is Ready.")).ConfigureAwait(false);
            return;
        }

        if (target.Transport == McpTransport.Sse)
        {
            await ErrorAsync(context, StatusCodes.Status501NotImplemented, $"McpServer {server} speaks legacy SSE, which the per-server endpoint does not proxy: use its tools as {name}__<tool> on the bridge's /mcp.")
                .ConfigureAwait(false);
            return;
        }

        IReadOnlyDictionary<string, string> serverHeaders;
        try
        {
            serverHeaders = (await directory.EndpointAsync(target, cancellationToken).ConfigureAwait(false)).Headers;
        }
        catch (McpException e)
        {
            await ErrorAsync(context, StatusCodes.Status502BadGateway, e.Message).ConfigureAwait(false);
            return;
        }

        string? upstreamSessionId = null;
        if (context.Request.Headers["Mcp-Session-Id"].ToString() is { Length: > 0 } presented)
        {
            upstreamSessionId = binding.Unbind(presented, caller.Name, target.Key);
            if (upstreamSessionId is null)
            {
                await ErrorAsync(context, StatusCodes.Status404NotFound, "Session not found: start a new session with initialize.").ConfigureAwait(false);
                return;
            }
        }

        // Only names the server listed become metric labels: a client cannot grow the series without bound.
        var tool = await ToolCallNameAsync(context.Request, options.Value.Gateway.MetricsPeekBytes, cancellationToken).ConfigureAwait(false) is { } called
            ? directory.UpstreamTool(@namespace, name, called) is not null ? called : "unlisted"
            : null;
        var transformer = new ServerProxyTransformer(target.Key, serverHeaders, upstreamSessionId, id => binding.Bind(id, caller.Name, target.Key));
        var started = Stopwatch.GetTimestamp();
        var error = await forwarder.SendAsync(
            context,
            target.Key.Url.GetLeftPart(UriPartial.Authority),
            client,
            new ForwarderRequestConfig { ActivityTimeout = ActivityTimeout(context.Request, target) },
            transformer).ConfigureAwait(false);
        if (tool is not null)
        {
            var outcome = error == ForwarderError.None && transformer.RefusedWith is null && context.Response.StatusCode < 400 ? "ok"
                : context.RequestAborted.IsCancellationRequested ? "cancelled" : "error";
            metrics.GatewayCall(server, tool, outcome, Stopwatch.GetElapsedTime(started));
        }

        if (transformer.RefusedWith is { } refused)
        {
            LogRefused(server, (int)refused);
            await ErrorAsync(
                context,
                StatusCodes.Status502BadGateway,
                $"McpServer {server} refused the bridge ({(int)refused}): its own credentials are missing or wrong; check the Secret its spec.remote.headersFrom names.").ConfigureAwait(false);
            return;
        }

        if (error != ForwarderError.None && !context.RequestAborted.IsCancellationRequested)
        {
            var reason = context.GetForwarderErrorFeature()?.Exception?.Message ?? error.ToString();
            LogForwardFailed(server, error, reason);
            if (!context.Response.HasStarted)
            {
                await ErrorAsync(
                    context,
                    error == ForwarderError.RequestTimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                    $"McpServer {server} did not answer ({error}: {reason}). Try again once it is Ready (see its status conditions).").ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>
    /// How long the forwarded exchange may stay idle: the server's timeout bounds a call (POST) and a DELETE, but a GET
    /// opens a stream the client holds for the server's notifications and requests (or resumes one with Last-Event-ID),
    /// which is quiet as long as the server has nothing to say; it lasts until the client or the server ends it.
    /// </summary>
    internal static TimeSpan ActivityTimeout(HttpRequest request, GatewayTarget target) =>
        HttpMethods.IsGet(request.Method) ? Timeout.InfiniteTimeSpan : target.Timeout;

    /// <summary>
    /// The tool a POSTed <c>tools/call</c> names, for the metrics; null for anything else. Clients of 2026-07-28 say it
    /// in the <c>Mcp-Method</c> and <c>Mcp-Name</c> headers; otherwise the body is read (up to <paramref name="limit"/>
    /// bytes, chunked or not) and rewound for the forwarder.
    /// </summary>
    internal static async Task<string?> ToolCallNameAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }

        if (request.Headers["Mcp-Method"].ToString() is { Length: > 0 } announced)
        {
            return announced == "tools/call" && request.Headers["Mcp-Name"].ToString() is { Length: > 0 } named ? named : null;
        }

        if (limit == 0 || request.ContentLength > limit || request.ContentLength == 0)
        {
            return null;
        }

        request.EnableBuffering(bufferThreshold: Math.Min(limit + 1, 64 * 1024));
        var buffer = new byte[limit + 1];
        var read = 0;
        while (read < buffer.Length && await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false) is var n and > 0)
        {
            read += n;
        }

        request.Body.Position = 0;
        if (read > limit)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, read));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("method", out var method) && method.ValueEquals("tools/call")
                && root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            JsonSerializer.Serialize(new { jsonrpc = "2.0", id = (string?)null, error = new { code = -32000, message } }),
            context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(LogLevel.Warning, "McpServer {Server} refused the bridge's request with HTTP {Status}")]
    private partial void LogRefused(string server, int status);

    [LoggerMessage(LogLevel.Information, "Forwarding to McpServer {Server} failed: {Error} ({Reason})")]
    private partial void LogForwardFailed(string server, ForwarderError error, string reason);
}
