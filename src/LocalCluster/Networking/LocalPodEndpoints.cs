using System.Collections.Concurrent;
using DynamoMcp.LocalCluster.Jobs;

namespace DynamoMcp.LocalCluster.Networking;

/// <summary>
/// The pods the local kubelet runs that a Service can send traffic to, as the endpoints controller sees them:
/// the Deployment controller adds its pods while they run, the Service proxy picks the ready ones a selector matches.
/// </summary>
internal sealed class LocalPodEndpoints
{
    private readonly ConcurrentDictionary<string, PodExecution> pods = new(StringComparer.Ordinal);

    public void Add(PodExecution pod) => pods[pod.Uid] = pod;

    public void Remove(PodExecution pod) => pods.TryRemove(new KeyValuePair<string, PodExecution>(pod.Uid, pod));

    /// <summary>Ready pods of <paramref name="ns"/> carrying every label of <paramref name="selector"/>, reachable now, in a stable order.</summary>
    public IReadOnlyList<PodExecution> Ready(string ns, IDictionary<string, string> selector) =>
        [.. pods.Values
            .Where(p => p.Namespace == ns && p.ContainersReady && (p.UsesHostNetwork || p.NetworkNamespacePid is not null))
            .Where(p => selector.All(s => p.Labels.TryGetValue(s.Key, out var v) && v == s.Value))
            .OrderBy(p => p.Name, StringComparer.Ordinal)];
}
