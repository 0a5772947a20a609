using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.Operator.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.LocalMode;

/// <summary>
/// The whole system in one process: LocalCluster (API server + job runner), the CRDs, the operator and the MCP
/// bridge, in that order; stopped in the reverse order.
/// </summary>
public sealed class LocalModeHost : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> started = [];

    private LocalModeHost(LocalClusterServer cluster) => Cluster = cluster;

    public LocalClusterServer Cluster { get; }

    /// <summary>Null in <see cref="LocalModeOptions.ApiServerOnly"/> mode.</summary>
    public Uri? McpEndpoint { get; private set; }

    public Uri? SseEndpoint { get; private set; }

    /// <summary>The sample templates this start added (empty when all were there); null without <see cref="LocalModeOptions.Samples"/>.</summary>
    public IReadOnlyList<string>? SamplesAdded { get; private set; }

    public static async Task<LocalModeHost> StartAsync(LocalModeOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<LocalModeHost>();
        Directory.CreateDirectory(options.DataDirectory);
        var cluster = await LocalClusterServer.StartAsync(
            new LocalClusterOptions
            {
                DataDirectory = options.DataDirectory,
                Port = options.ApiPort,
                Token = options.Token,
                AllowedHosts = options.AllowedHosts,
                AllowedOrigins = options.AllowedOrigins,
                JobRunner = LocalSandboxImages.JobRunnerOptions(options),
            },
            loggerFactory,
            cancellationToken).ConfigureAwait(false);
        var host = new LocalModeHost(cluster);
        try
        {
            using var admin = cluster.CreateClient();
            var crds = await CrdInstaller.InstallAsync(admin, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Installed {Count} CRDs: {Crds}", crds.Count, string.Join(", ", crds));
            if (await SampleTemplates.EnsureCatalogAsync(admin, cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation(
                    "Created the template catalog ConfigMap {Namespace}/{Name} for discover_templates",
                    SampleTemplates.Namespace,
                    SampleTemplates.CatalogConfigMapName);
            }

            if (options.Samples)
            {
                host.SamplesAdded = await SampleTemplates.AddAsync(admin, cancellationToken).ConfigureAwait(false);
            }

            if (options.ApiServerOnly)
            {
                return host;
            }

            var settings = new Dictionary<string, string?>
            {
                // Loopback only, so a local developer needs no key; the bridge refuses non-loopback callers then, and
                // its DNS-rebinding protection refuses web pages that are not on this machine.
                ["Bridge:Auth:Enabled"] = "false",
                ["Bridge:SessionMode"] = "StatefulForInitializeClients",
                ["Bridge:BridgeNamespace"] = SampleTemplates.Namespace,
                ["Bridge:Catalog:ConfigMapName"] = SampleTemplates.CatalogConfigMapName,
                ["Bridge:Catalog:ConfigMapKey"] = SampleTemplates.CatalogConfigMapKey,
            };
            for (var i = 0; i < options.AllowedHosts.Count; i++)
            {
                settings[$"Bridge:AllowedHosts:{i}"] = options.AllowedHosts[i];
            }

            for (var i = 0; i < options.AllowedOrigins.Count; i++)
            {
                settings[$"Bridge:AllowedOrigins:{i}"] = options.AllowedOrigins[i];
            }

            var bridge = await BridgeHost.StartAsync(
                $"http://127.0.0.1:{options.McpPort}",
                cluster.ClientConfiguration,
                settings,
                logging => logging.AddProvider(new ForwardingLoggerProvider(loggerFactory)),
                cancellationToken).ConfigureAwait(false);
            host.started.Add(bridge);
            host.McpEndpoint = bridge.McpEndpoint;
            host.SseEndpoint = new Uri(bridge.BaseAddress, "/sse");

            // After the bridge: agents' pods are told its address (loopback: their image has the host's network).
            host.started.Add(await OperatorHost.StartAsync(
                new OperatorRunOptions
                {
                    HttpAddress = "http://127.0.0.1:0",
                    Agents = new Operator.Agents.AgentOptions { BridgeUrl = bridge.McpEndpoint.ToString() },
                },
                cluster.ClientConfiguration,
                loggerFactory,
                cancellationToken).ConfigureAwait(false));
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = started.Count - 1; i >= 0; i--)
        {
            await started[i].DisposeAsync().ConfigureAwait(false);
        }

        started.Clear();
        await Cluster.DisposeAsync().ConfigureAwait(false);
    }
}
