using DynamoMcp.LocalCluster.LocalMode;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The local mode in this process, as its command line starts it (<see cref="LocalModeHost"/>: API server, CRDs,
/// operator, and the bridge with authentication off on a free 127.0.0.1 port), once for every class of
/// <see cref="LocalModeCollection"/>. Its tests only read, so their order does not matter.
/// </summary>
public sealed class LocalModeFixture : IAsyncLifetime
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("local-mode-fixture-").FullName;
    private LocalModeHost? host;

    public LocalModeHost Host => host ?? throw new InvalidOperationException("Not started.");

    public Uri McpEndpoint => Host.McpEndpoint ?? throw new InvalidOperationException("The local mode runs without a bridge.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        host = await LocalModeHost.StartAsync(
            new LocalModeOptions { DataDirectory = dataDirectory, McpPort = 0, NoSandbox = true }, NullLoggerFactory.Instance, ct);

        // Ready once the bridge's caches synced, as a person would find it after the banner.
        await Integration.BridgeFixture.WaitUntilReadyAsync(McpEndpoint, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        Directory.Delete(dataDirectory, recursive: true);
    }
}
