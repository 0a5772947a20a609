using DynamoMcp.Operator.Cluster;
using DynamoMcp.Runtime.Hosting;
using k8s;

namespace DynamoMcp.Operator.Hosting;

/// <summary>Builds and runs the controller manager process: cluster client, controllers, probes and metrics.</summary>
public static class OperatorHost
{
    public static async Task<int> RunAsync(OperatorRunOptions options, KubernetesClientConfiguration clientConfiguration, CancellationToken cancellationToken)
    {
        await using var handle = await StartAsync(options, clientConfiguration, loggerFactory: null, cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return 0;
    }

    /// <summary>
    /// Starts the operator in-process (tests, local mode): controllers on the controller runtime plus /healthz, /readyz
    /// and /metrics at <see cref="OperatorRunOptions.HttpAddress"/>. Dispose the handle to stop it.
    /// </summary>
    public static async Task<OperatorHandle> StartAsync(
        OperatorRunOptions options, KubernetesClientConfiguration clientConfiguration, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientConfiguration);
        var client = new Kubernetes(clientConfiguration);
        try
        {
            await EnsureReachableAsync(client, clientConfiguration, cancellationToken).ConfigureAwait(false);
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(options.HttpAddress);
            if (loggerFactory is not null)
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton(loggerFactory);
            }

            builder.Services.AddSingleton<IKubernetes>(client);
            builder.Services.AddControllerRuntime(o =>
            {
                o.Namespaces = [.. options.Namespaces];
                o.DefaultWorkers = options.MaxConcurrentReconciles;
                o.LeaderElection.Enabled = options.LeaderElect;
                o.LeaderElection.LeaseName = options.LeaderElectionId;
                o.LeaderElection.LeaseNamespace = options.LeaderElectionNamespace;
            });
            builder.Services.AddTemplateControllers(options.Sandbox, options.MaxConcurrentReconciles);
            builder.Services.AddMcpServerControllers(options.McpServers, options.MaxConcurrentReconciles);
            builder.Services.AddWorkflowControllers(options.MaxConcurrentReconciles);
            builder.Services.AddAgentControllers(options.Agents, options.MaxConcurrentReconciles);
            var app = builder.Build();
            app.MapControllerRuntimeEndpoints();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new OperatorHandle(app, client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task EnsureReachableAsync(Kubernetes client, KubernetesClientConfiguration configuration, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await client.Version.GetCodeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or k8s.Autorest.HttpOperationException && !cancellationToken.IsCancellationRequested)
        {
            throw new ClusterConfigurationException(
                $"Cannot reach the Kubernetes API server at {configuration.Host}: {e.Message}. Check that the cluster is running and that the kubeconfig's server and credentials are right.", e);
        }
    }
}
