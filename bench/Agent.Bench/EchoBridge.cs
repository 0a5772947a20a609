using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Agent.Bench;

/// <summary>
/// An SDK MCP server (Streamable HTTP at <c>/mcp</c>, Kestrel on 127.0.0.1, any free port) standing in for the bridge,
/// with one cheap tool, <c>echo(text)</c>. Records the <see cref="Stopwatch"/> timestamp at which each call reached its
/// handler, to split a turn into its model leg and its tool leg.
/// </summary>
internal sealed class EchoBridge : IAsyncDisposable
{
    public const string Tool = "echo";

    private readonly WebApplication app;

    private EchoBridge(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>When each tool call reached the handler (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public ConcurrentQueue<long> CallTimestamps { get; } = new();

    public static async Task<EchoBridge> StartAsync()
    {
        EchoBridge? bridge = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer(o => o.ServerInfo = new Implementation { Name = "bench-bridge", Version = "1.0.0" })
            .WithHttpTransport()
            .WithListToolsHandler((_, _) => ValueTask.FromResult(new ListToolsResult
            {
                Tools =
                [
                    new Tool
                    {
                        Name = Tool,
                        Description = "answers its text",
                        InputSchema = JsonDocument.Parse("""{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""").RootElement,
                    },
                ],
            }))
            .WithCallToolHandler((request, _) =>
            {
                bridge!.CallTimestamps.Enqueue(Stopwatch.GetTimestamp());
                var text = request.Params?.Arguments is { } arguments && arguments.TryGetValue("text", out var t) ? t.GetString() ?? "" : "";
                return ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = text }] });
            });
        var app = builder.Build();
        app.MapMcp("/mcp");
        bridge = new EchoBridge(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        bridge.Url = new Uri(address.TrimEnd('/') + "/mcp");
        return bridge;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
