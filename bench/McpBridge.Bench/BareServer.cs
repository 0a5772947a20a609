using DynamoMcp.McpBridge.Tools;
using Microsoft.AspNetCore.Builder;
using ModelContextProtocol.AspNetCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpBridge.Bench;

/// <summary>A bare SDK server with a constant tool and one fixed-answer tool per template count, on the same transport and session mode as the bridge.</summary>
public sealed class BareServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<BareServer> StartAsync(bool stateless, IReadOnlyDictionary<int, TemplateListResult> answers, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer()
            .WithHttpTransport(o => o.SessionMode = stateless ? HttpServerSessionMode.Stateless : HttpServerSessionMode.StatefulForInitializeClients)
            .WithTools<ConstantTool>()
            .WithTools(answers.Select(a => SamePayloadTool.Create(a.Key, a.Value)).ToList());
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareServer(app, new Uri(new Uri(address), "/mcp"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
