using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.AgentRuntime.Tests.Fixtures;

/// <summary>
/// An SDK MCP server (Streamable HTTP at <c>/mcp</c>, Kestrel on 127.0.0.1) standing in for the bridge: <c>add(a, b)</c>
/// answers the sum, <c>fail</c> throws, <c>secret</c> is there to be filtered out by allowlists. Records each call's
/// arguments and each request's Authorization header.
/// </summary>
internal sealed class TestBridge : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestBridge(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<(string Name, IReadOnlyDictionary<string, JsonElement> Arguments)> Calls { get; } = new();

    /// <summary>The Authorization header of every HTTP request ("" when absent).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <param name="port">0: any free port; else that port (to restart a bridge where its clients expect it).</param>
    /// <param name="requiredToken">When set, requests without <c>Authorization: Bearer</c> this token get a 401, as the bridge refuses a bad credential.</param>
    public static async Task<TestBridge> StartAsync(CancellationToken cancellationToken, int port = 0, string? requiredToken = null)
    {
        TestBridge? bridge = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer(o => o.ServerInfo = new Implementation { Name = "test-bridge", Version = "1.0.0" })
            .WithHttpTransport()
            .WithListToolsHandler((_, _) => ValueTask.FromResult(new ListToolsResult
            {
                Tools =
                [
                    Tool("add", """{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"}},"required":["a","b"]}"""),
                    Tool("fail", """{"type":"object"}"""),
                    Tool("secret", """{"type":"object"}"""),
                ],
            }))
            .WithCallToolHandler((request, _) =>
            {
                var name = request.Params!.Name;
                var arguments = request.Params.Arguments ?? new Dictionary<string, JsonElement>();
                bridge!.Calls.Enqueue((name, arguments.ToDictionary(p => p.Key, p => p.Value.Clone())));
                return name switch
                {
                    "add" => ValueTask.FromResult(new CallToolResult
                    {
                        Content = [new TextContentBlock { Text = (arguments["a"].GetInt64() + arguments["b"].GetInt64()).ToString(CultureInfo.InvariantCulture) }],
                    }),
                    "fail" => throw new ModelContextProtocol.McpProtocolException("the disk is full", ModelContextProtocol.McpErrorCode.InternalError),
                    _ => ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = "secret" }] }),
                };
            });
        var app = builder.Build();
        app.Use((context, next) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            bridge!.Authorizations.Enqueue(authorization);
            if (requiredToken is not null && authorization != "Bearer " + requiredToken)
            {
                context.Response.StatusCode = 401;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.MapMcp("/mcp");
        bridge = new TestBridge(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        bridge.Url = new Uri(address.TrimEnd('/') + "/mcp");
        return bridge;
    }

    private static Tool Tool(string name, string schema) =>
        new() { Name = name, Description = $"the {name} tool", InputSchema = JsonDocument.Parse(schema).RootElement };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
