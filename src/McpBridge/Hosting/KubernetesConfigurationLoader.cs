using k8s;

namespace DynamoMcp.McpBridge.Hosting;

/// <summary>Finds the Kubernetes connection: an explicit kubeconfig, the in-cluster service account, or ~/.kube/config.</summary>
public static class KubernetesConfigurationLoader
{
    public static KubernetesClientConfiguration Load(string? kubeconfigPath)
    {
        if (!string.IsNullOrWhiteSpace(kubeconfigPath))
        {
            if (!File.Exists(kubeconfigPath))
            {
                throw new InvalidOperationException($"The kubeconfig '{kubeconfigPath}' does not exist. Pass an existing file with --kubeconfig.");
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var home = Environment.GetEnvironmentVariable("KUBECONFIG") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (!File.Exists(home.Split(Path.PathSeparator)[0]))
        {
            // BuildDefaultConfig would silently fall back to http://localhost:8080.
            throw new InvalidOperationException(
                "No Kubernetes cluster configured: pass --kubeconfig <file>, set KUBECONFIG, or run inside a cluster.");
        }

        return KubernetesClientConfiguration.BuildDefaultConfig();
    }
}
