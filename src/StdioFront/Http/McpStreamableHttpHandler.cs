using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.StdioFront.JsonRpc;
using DynamoMcp.StdioFront.Sessions;
using Microsoft.AspNetCore.Http;

namespace DynamoMcp.StdioFront.Http;

/// <summary>The MCP Streamable HTTP endpoint (POST, GET, DELETE on one path) in front of the sessions' stdio children.</summary>
internal sealed class McpStreamableHttpHandler(SessionStore sessions, FrontOptions options, TimeProvider time)
{
    public const string SessionHeader = "Mcp-Session-Id";

    private const string EventStream = "text/event-stream";

    public async Task PostAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        JsonNode? message;
        try
        {
            message = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, JsonRpcMessage.Error(null, JsonRpcMessage.ParseError, $"the body is not JSON: {e.Message}")).ConfigureAwait(false);
            return;
        }

        if (message is JsonArray)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, JsonRpcMessage.Error(
                null, JsonRpcMessage.InvalidRequest, "JSON-RPC batches are not supported (MCP removed them in 2025-06-18): send one message per POST")).ConfigureAwait(false);
            return;
        }

        var kind = JsonRpcMessage.Classify(message);
        if (kind == JsonRpcMessageKind.Invalid)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, JsonRpcMessage.Error(
                message?["id"], JsonRpcMessage.InvalidRequest, "not a JSON-RPC 2.0 request, notification or response")).ConfigureAwait(false);
            return;
        }

        var method = JsonRpcMessage.Method(message!);
        var acceptsStream = context.Request.Headers.Accept.ToString().Contains(EventStream, StringComparison.OrdinalIgnoreCase);
        var sessionId = context.Request.Headers[SessionHeader].ToString();
        if (sessionId.Length == 0)
        {
            if (kind == JsonRpcMessageKind.Request && method == "initialize")
            {
                await InitializeAsync(context, message!, acceptsStream).ConfigureAwait(false);
            }
            else if (kind == JsonRpcMessageKind.Request && method == "server/discover")
            {
                // A 2026-07-28 client probes first; "method not found" makes it fall back to initialize, which stdio servers speak.
                await WriteJsonAsync(context, StatusCodes.Status200OK, JsonRpcMessage.Error(
                    message!["id"], JsonRpcMessage.MethodNotFound, "server/discover is not offered: this front speaks MCP with the initialize handshake; send initialize")).ConfigureAwait(false);
            }
            else
            {
                await WriteJsonAsync(context, StatusCodes.Status400BadRequest, JsonRpcMessage.Error(
                    message!["id"], JsonRpcMessage.InvalidRequest, $"no {SessionHeader} header: send initialize first to start a session")).ConfigureAwait(false);
            }

            return;
        }

        if (sessions.Get(sessionId) is not { } session)
        {
            await SessionNotFoundAsync(context, message!["id"]).ConfigureAwait(false);
            return;
        }

        if (kind != JsonRpcMessageKind.Request)
        {
            await session.SendAsync(message!, cancellationToken).ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        if (method == "initialize")
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, JsonRpcMessage.Error(
                message!["id"], JsonRpcMessage.InvalidRequest, "this session is initialized already: send initialize without a session id to start a new one")).ConfigureAwait(false);
            return;
        }

        await RelayAsync(context, session, message!, acceptsStream, isInitialize: false).ConfigureAwait(false);
    }

    public async Task GetAsync(HttpContext context)
    {
        var sessionId = context.Request.Headers[SessionHeader].ToString();
        if (sessionId.Length == 0)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, JsonRpcMessage.Error(
                null, JsonRpcMessage.InvalidRequest, $"no {SessionHeader} header: open the GET stream of an initialized session")).ConfigureAwait(false);
            return;
        }

        if (sessions.Get(sessionId) is not { } session)
        {
            await SessionNotFoundAsync(context, null).ConfigureAwait(false);
            return;
        }

        if (!context.Request.Headers.Accept.ToString().Contains(EventStream, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            await context.Response.WriteAsync("the GET stream is text/event-stream: send Accept: text/event-stream", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (session.OpenStream() is not { } reader)
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsync("this session's GET stream is open already (one per session)", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        try
        {
            await StartEventStreamAsync(context).ConfigureAwait(false);
            await foreach (var message in reader.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
            {
                await WriteEventAsync(context, message).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client closed its stream.
        }
        finally
        {
            session.CloseStream(reader);
        }
    }

    public async Task DeleteAsync(HttpContext context)
    {
        if (sessions.Get(context.Request.Headers[SessionHeader].ToString()) is not { } session)
        {
            await SessionNotFoundAsync(context, null).ConfigureAwait(false);
            return;
        }

        // Answered once the child is gone, so "deleted" means its process is.
        await session.EndAsync("the client ended the session (DELETE)").ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task InitializeAsync(HttpContext context, JsonNode message, bool acceptsStream)
    {
        if (sessions.TryStart(out var error, out var atLimit) is not { } session)
        {
            await WriteJsonAsync(context, atLimit ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK, JsonRpcMessage.Error(
                message["id"], JsonRpcMessage.InternalError, error!)).ConfigureAwait(false);
            return;
        }

        await RelayAsync(context, session, message, acceptsStream, isInitialize: true).ConfigureAwait(false);
    }

    private async Task RelayAsync(HttpContext context, StdioSession session, JsonNode request, bool acceptsStream, bool isInitialize)
    {
        var cancellationToken = context.RequestAborted;
        if (await session.SendRequestAsync(request, acceptsStream, cancellationToken).ConfigureAwait(false) is not { } relay)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest, JsonRpcMessage.Error(
                request["id"], JsonRpcMessage.InvalidRequest, $"a request with id {JsonRpcMessage.IdKey(request)} is still in flight in this session: use a new id")).ConfigureAwait(false);
            return;
        }

        JsonNode first;
        try
        {
            first = isInitialize ? await ReadFirstAnswerAsync(session, relay, cancellationToken).ConfigureAwait(false) : await relay.Messages.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; MCP says that is not a cancellation, so the child keeps working and its answer is dropped.
            session.Forget(relay);
            if (isInitialize)
            {
                await session.EndAsync("the client went away before initialize was answered").ConfigureAwait(false);
            }

            return;
        }

        var isAnswer = JsonRpcMessage.Classify(first) == JsonRpcMessageKind.Response && JsonRpcMessage.IdKey(first) == relay.IdKey;
        if (isAnswer)
        {
            if (isInitialize && JsonRpcMessage.IsErrorResponse(first))
            {
                // No session for a client that could not initialize: end it, so it holds no child and no slot.
                await session.EndAsync("initialize failed").ConfigureAwait(false);
            }
            else if (isInitialize)
            {
                context.Response.Headers[SessionHeader] = session.Id;
            }

            await WriteJsonAsync(context, StatusCodes.Status200OK, first).ConfigureAwait(false);
            session.Touch();
            return;
        }

        if (isInitialize)
        {
            context.Response.Headers[SessionHeader] = session.Id;
        }

        try
        {
            await StartEventStreamAsync(context).ConfigureAwait(false);
            await WriteEventAsync(context, first).ConfigureAwait(false);
            await foreach (var message in relay.Messages.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await WriteEventAsync(context, message).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            session.Forget(relay);
        }

        session.Touch();
    }

    /// <summary>The child's first answer to initialize, within --startup-timeout (a cold <c>npx</c> downloads first).</summary>
    private async Task<JsonNode> ReadFirstAnswerAsync(StdioSession session, PendingRequest relay, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(options.StartupTimeout, time);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await relay.Messages.ReadAsync(startup.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Ending the session answers the pending initialize with this reason.
            _ = session.EndAsync($"the MCP server did not answer initialize within {options.StartupTimeout.TotalSeconds:0.###}s (--startup-timeout)");
            return await relay.Messages.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SessionNotFoundAsync(HttpContext context, JsonNode? id) =>
        await WriteJsonAsync(context, StatusCodes.Status404NotFound, JsonRpcMessage.Error(
            id, -32001, "session not found: it ended (DELETE, --idle-timeout, or its server process exited); initialize a new session")).ConfigureAwait(false);

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task StartEventStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = EventStream;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpContext context, JsonNode message)
    {
        var frame = Encoding.UTF8.GetBytes("event: message\ndata: " + message.ToJsonString() + "\n\n");
        await context.Response.Body.WriteAsync(frame, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
