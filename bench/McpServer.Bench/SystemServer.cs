using System.Diagnostics;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.McpServers;
using k8s;
using k8s.Models;

namespace DynamoMcp.McpServer.Bench;

using McpServerResource = DynamoMcp.Api.V1Alpha1.McpServer;

/// <summary>
/// The system: an McpServer of <see cref="BenchCluster.Image"/> (server-everything over Streamable HTTP) from create
/// to Ready with its tools in status, polled every <see cref="PollInterval"/>; then deleted and its pods waited out.
/// </summary>
internal static class SystemServer
{
    public const int Port = 3001;
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static McpServerResource Resource(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = BenchCluster.Namespace },
        Spec = new McpServerSpec
        {
            Image = BenchCluster.Image,
            Args = [ServerEverything.Transport],
            Transport = McpTransport.StreamableHttp,
            Port = Port,
            Path = ServerEverything.Path,
            Env = [new V1EnvVar { Name = "PORT", Value = Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
            StartupTimeoutSeconds = 60,
        },
    };

    public static async Task<SystemTimeline> MeasureAsync(BenchCluster cluster, string name, CancellationToken cancellationToken)
    {
        var resource = Resource(name);
        var selector = string.Join(",", McpServerChildren.SelectorLabels(resource).Select(l => $"{l.Key}={l.Value}"));
        var deploymentName = McpServerChildren.Name(resource);
        TimeSpan? podCreated = null, podRunning = null, podReady = null, deploymentReady = null;

        var stopwatch = Stopwatch.StartNew();
        await cluster.CreateAsync(resource, cancellationToken);
        while (stopwatch.Elapsed < Patience)
        {
            var server = await cluster.GetAsync(name, cancellationToken);
            if (server?.Status is { } status
                && status.ObservedGeneration == server.Metadata.Generation
                && status.Conditions.IsTrue(ConditionTypes.Ready)
                && status.ToolCount > 0)
            {
                var ready = stopwatch.Elapsed;
                return new SystemTimeline(podCreated, podRunning, podReady, deploymentReady, ready, status.ToolCount.Value);
            }

            if (server?.Status?.Conditions.IsTrue(ConditionTypes.Stalled) == true)
            {
                var stalled = server.Status.Conditions.Find(ConditionTypes.Stalled)!;
                throw new InvalidOperationException($"McpServer {name} stalled: {stalled.Reason}: {stalled.Message}");
            }

            // The steps in between, only to say where the time goes (each is one more request per poll).
            if (deploymentReady is null)
            {
                var at = stopwatch.Elapsed;
                var pods = (await cluster.Client.CoreV1.ListNamespacedPodAsync(BenchCluster.Namespace, labelSelector: selector, cancellationToken: cancellationToken)).Items;
                if (pods.Count > 0)
                {
                    podCreated ??= at;
                }

                if (pods.Any(p => p.Status?.Phase == "Running"))
                {
                    podRunning ??= at;
                }

                if (pods.Any(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true))
                {
                    podReady ??= at;
                }

                if (podReady is not null)
                {
                    var deployment = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(deploymentName, BenchCluster.Namespace, cancellationToken: cancellationToken);
                    if ((deployment.Status?.ReadyReplicas ?? 0) > 0)
                    {
                        deploymentReady = stopwatch.Elapsed;
                    }
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        var last = await cluster.GetAsync(name, cancellationToken);
        throw new TimeoutException($"McpServer {name} was not Ready within {Patience}; conditions: {KubernetesJson.Serialize(last?.Status?.Conditions)}");
    }

    /// <summary>Deletes the McpServer and waits until its pods are gone, so the next run starts on an idle cluster.</summary>
    public static async Task DeleteAsync(BenchCluster cluster, string name, CancellationToken cancellationToken)
    {
        var selector = string.Join(",", McpServerChildren.SelectorLabels(Resource(name)).Select(l => $"{l.Key}={l.Value}"));
        await cluster.DeleteAsync(name, cancellationToken);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience
               && (await cluster.Client.CoreV1.ListNamespacedPodAsync(BenchCluster.Namespace, labelSelector: selector, cancellationToken: cancellationToken)).Items.Count > 0)
        {
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
