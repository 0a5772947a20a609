using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpBridge.Hosting;

/// <summary>
/// The bridge as an embeddable server: started on a given URL against a given cluster, for local mode (one process
/// with LocalCluster and the operator) and for tests.
/// </summary>
public sealed class BridgeHost : IAsyncDisposable
{
    private BridgeHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    /// <summary>The address actually bound (the real port when the URL asked for port 0).</summary>
    public Uri BaseAddress { get; }

    public Uri McpEndpoint => new(BaseAddress, "/mcp");

    /// <param name="url">Where to listen, e.g. <c>http://127.0.0.1:0</c> for a free loopback port.</param>
    /// <param name="settings">Configuration keys (e.g. <c>Bridge:SessionMode</c>) layered over the defaults.</param>
    public static async Task<BridgeHost> StartAsync(
        string url,
        KubernetesClientConfiguration kubernetes,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<ILoggingBuilder>? logging = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.WebHost.UseUrls(url);
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }

        // Embedded (local mode, tests): a client's open SSE stream must not hold Ctrl-C up for the default 30 s.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddDynamoMcpBridge(builder.Configuration, kubernetes);
        var app = builder.Build();
        try
        {
            // Throws for options that fail validation (a bad allowlist entry), or a port in use.
            app.MapDynamoMcpBridge();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BridgeHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
