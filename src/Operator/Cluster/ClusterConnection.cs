using k8s;
using k8s.Exceptions;

namespace DynamoMcp.Operator.Cluster;

/// <summary>
/// Finds the cluster to talk to, in kubectl's order: an explicit kubeconfig, <c>KUBECONFIG</c>,
/// <c>~/.kube/config</c>, then the in-cluster service account. Unlike
/// <see cref="KubernetesClientConfiguration.BuildDefaultConfig"/>, it never falls back to
/// <c>http://localhost:8080</c>: with nothing configured it says how to point the operator at a cluster.
/// </summary>
public static class ClusterConnection
{
    public const string HowToConfigure =
        "Point the operator at a cluster with --kubeconfig <file> (and optionally --context <name>), " +
        "the KUBECONFIG environment variable, or ~/.kube/config; inside a cluster it uses its service account. " +
        "Without a cluster, run the local mode instead: dotnet run --project src/LocalCluster";

    public static KubernetesClientConfiguration Resolve(
        string? kubeconfigPath,
        string? context,
        Func<string, string?>? getEnvironmentVariable = null,
        string? homeDirectory = null)
    {
        getEnvironmentVariable ??= Environment.GetEnvironmentVariable;
        homeDirectory ??= Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        if (!string.IsNullOrWhiteSpace(kubeconfigPath))
        {
            if (!File.Exists(kubeconfigPath))
            {
                throw new ClusterConfigurationException($"The kubeconfig file '{kubeconfigPath}' given with --kubeconfig does not exist. {HowToConfigure}");
            }

            return FromFiles([new FileInfo(kubeconfigPath)], context, kubeconfigPath);
        }

        var fromEnvironment = getEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var files = fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(File.Exists)
                .Select(path => new FileInfo(path))
                .ToArray();
            if (files.Length == 0)
            {
                throw new ClusterConfigurationException($"KUBECONFIG is set to '{fromEnvironment}', but none of its files exist. {HowToConfigure}");
            }

            // kubectl merges every file; the first one that exists is what almost every setup means.
            return FromFiles(files[..1], context, files[0].FullName);
        }

        var homeConfig = Path.Combine(homeDirectory, ".kube", "config");
        if (File.Exists(homeConfig))
        {
            return FromFiles([new FileInfo(homeConfig)], context, homeConfig);
        }

        if (!string.IsNullOrEmpty(getEnvironmentVariable("KUBERNETES_SERVICE_HOST")) && KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        throw new ClusterConfigurationException($"No Kubernetes cluster is configured. {HowToConfigure}");
    }

    private static KubernetesClientConfiguration FromFiles(FileInfo[] files, string? context, string description)
    {
        try
        {
            var merged = KubernetesClientConfiguration.LoadKubeConfig(files[0]);
            if (context is not null && merged.Contexts?.Any(c => c.Name == context) != true)
            {
                var known = string.Join(", ", merged.Contexts?.Select(c => c.Name) ?? []);
                throw new ClusterConfigurationException($"The context '{context}' is not in {description}; it has: {(known.Length == 0 ? "no contexts" : known)}.");
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, context);
        }
        catch (KubeConfigException e)
        {
            throw new ClusterConfigurationException($"The kubeconfig {description} cannot be used: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or YamlDotNet.Core.YamlException or UnauthorizedAccessException)
        {
            throw new ClusterConfigurationException($"The kubeconfig {description} cannot be read: {e.Message}", e);
        }
    }
}
