using k8s;

namespace DynamoMcp.Runtime.Hosting;

/// <summary>Builds the API client from kubeconfig or in-cluster config, refusing the library's silent localhost:8080 fallback.</summary>
public static class KubernetesClientFactory
{
    public static IKubernetes CreateDefault()
    {
        var config = KubernetesClientConfiguration.BuildDefaultConfig();
        if (!KubernetesClientConfiguration.IsInCluster()
            && !File.Exists(Environment.GetEnvironmentVariable("KUBECONFIG") ?? KubernetesClientConfiguration.KubeConfigDefaultLocation)
            && config.Host.TrimEnd('/') == "http://localhost:8080")
        {
            throw new InvalidOperationException(
                "No Kubernetes configuration found: not running in a cluster and no kubeconfig at $KUBECONFIG or ~/.kube/config. " +
                "Point KUBECONFIG at a cluster, or start the local cluster (dotnet run --project src/LocalCluster).");
        }

        return new Kubernetes(config);
    }
}
