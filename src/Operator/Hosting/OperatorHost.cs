using DynamoMcp.Operator.Cluster;
using k8s;

namespace DynamoMcp.Operator.Hosting;

/// <summary>Builds and runs the controller manager process: cluster client, controllers, probes and metrics.</summary>
public static class OperatorHost
{
    public static async Task<int> RunAsync(OperatorRunOptions options, KubernetesClientConfiguration clientConfiguration, CancellationToken cancellationToken)
    {
        using var client = new Kubernetes(clientConfiguration);
        await EnsureReachableAsync(client, clientConfiguration, cancellationToken).ConfigureAwait(false);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.HttpAddress);
        builder.Services.AddSingleton<IKubernetes>(client);
        await using var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => Results.Text("ok"));
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
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
