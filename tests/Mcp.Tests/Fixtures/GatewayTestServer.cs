using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Tests.Fixtures;

/// <summary>
/// An SDK MCP server for the gateway's controlled cases: <c>session_id</c> (its MCP session id), <c>wait_for_cancel</c>
/// (waits on its CancellationToken and records that it was cancelled), <c>rich</c> (image, resource link, embedded
/// resource, structuredContent, isError and _meta), <c>fail</c> (a JSON-RPC error). It records every request's headers.
/// </summary>
internal sealed class GatewayTestServer : IAsyncDisposable
{
    private GatewayTestServer(KestrelHost host) => Host = host;

    public KestrelHost Host { get; }

    public Uri Url => Host.Url("mcp");

    /// <summary>Completes when a <c>wait_for_cancel</c> call saw its token cancelled.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a <c>wait_for_cancel</c> call started.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Session ids the server saw on calls.</summary>
    public ConcurrentBag<string> Sessions { get; } = [];

    /// <summary>The headers of every HTTP request the server received (names lower-case), for credential checks.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> RequestHeaders { get; } = new();

    public static async Task<GatewayTestServer> StartAsync(HttpServerSessionMode mode)
    {
        GatewayTestServer? server = null;
        var host = await KestrelHost.StartAsync(
            services => services.AddMcpServer(o => o.ServerInfo = new Implementation { Name = "gateway-test-server", Version = "1.0.0" })
                .WithHttpTransport(o => o.SessionMode = mode)
                .WithListToolsHandler((_, _) => ValueTask.FromResult(new ListToolsResult
                {
                    Tools = [.. new[] { "session_id", "wait_for_cancel", "rich", "fail" }.Select(n => new Tool { Name = n, InputSchema = JsonDocument.Parse("""{"type":"object"}""").RootElement })],
                }))
                .WithCallToolHandler(async (request, ct) =>
                {
                    server!.Sessions.Add(request.Server.SessionId ?? "");
                    switch (request.Params!.Name)
                    {
                        case "session_id":
                            return Text(request.Server.SessionId ?? "");
                        case "wait_for_cancel":
                            server.Waiting.TrySetResult();
                            try
                            {
                                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                            }
                            catch (OperationCanceledException)
                            {
                                server.Cancelled.TrySetResult();
                                throw;
                            }

                            return Text("not cancelled");
                        case "rich":
                            return Rich;
                        default:
                            throw new ModelContextProtocol.McpProtocolException("no such behaviour", ModelContextProtocol.McpErrorCode.InvalidParams);
                    }
                }),
            app =>
            {
                app.Use((context, next) =>
                {
                    server!.RequestHeaders.Enqueue(context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
                    return next(context);
                });
                app.MapMcp("/mcp");
            });
        server = new GatewayTestServer(host);
        return server;
    }

    public static CallToolResult Rich => new()
    {
        IsError = true,
        Content =
        [
            new TextContentBlock { Text = "partly failed" },
            ImageContentBlock.FromBytes(new byte[] { 1, 2, 3 }, "image/png"),
            new ResourceLinkBlock { Uri = "test://doc", Name = "doc", MimeType = "text/plain" },
            new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = "test://inline", Text = "inline text", MimeType = "text/plain" } },
        ],
        StructuredContent = JsonDocument.Parse("""{"answer":42,"items":["a","b"]}""").RootElement,
        Meta = new JsonObject { ["trace"] = "abc" },
    };

    private static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
