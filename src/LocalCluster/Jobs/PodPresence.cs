using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// Whether a pod the local kubelet runs still exists. A pod list can predate a pod created a moment ago, so a pod
/// missing from a list is only gone once the API server says so (as Kubernetes' garbage collector checks live before
/// it deletes): killing on the list alone killed new pods at random (exit 137, "The pod was deleted").
/// </summary>
internal static class PodPresence
{
    /// <summary>True while the API server has the pod under the same uid and not being deleted; true when it cannot tell.</summary>
    public static Task<bool> ExistsAsync(IKubernetes client, PodExecution execution, CancellationToken cancellationToken) =>
        ExistsAsync(client, execution.Namespace, execution.Name, execution.Uid, cancellationToken);

    /// <summary>True while the API server has pod <paramref name="ns"/>/<paramref name="name"/> under <paramref name="uid"/>, not being deleted.</summary>
    public static async Task<bool> ExistsAsync(IKubernetes client, string ns, string name, string uid, CancellationToken cancellationToken)
    {
        try
        {
            var current = await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return current.Uid() == uid && current.Metadata.DeletionTimestamp is null;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            // Unsure (the API server is going away): a stopping runner ends its pods itself.
            return true;
        }
    }
}
