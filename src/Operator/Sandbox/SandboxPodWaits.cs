using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// Why a running sandbox Job's pod has not started yet: not scheduled (no node, or in local mode no free sandbox slot),
/// or a container waiting (image pull, config). Read only while the Job reports no ready pod, so a Scaffold or template
/// says it is queued rather than running; its own timeout starts only once the pod runs (pod activeDeadlineSeconds).
/// </summary>
public sealed class SandboxPodWaits(IKubernetes client)
{
    /// <summary>How soon a Scaffold or template whose sandbox pod does not run yet looks at it again.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(3);

    /// <summary>What the Job's newest pod waits for, or null when it runs, finished or does not exist yet.</summary>
    public async Task<string?> OfAsync(V1Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if ((job.Status?.Ready ?? 0) > 0 || (job.Status?.Active ?? 0) == 0)
        {
            return null;
        }

        var pods = await client.CoreV1.ListNamespacedPodAsync(job.Namespace(), labelSelector: $"job-name={job.Name()}", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var pod = pods.Items
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == job.Uid()) ?? true)
            .MaxBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue);
        return pod is null ? null : Describe(pod);
    }

    /// <summary>The wait of a Pending pod, in words a user can act on; null when it is not waiting. Pure.</summary>
    public static string? Describe(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Status?.Phase is not (null or "Pending"))
        {
            return null;
        }

        var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (scheduled is { Status: "False" })
        {
            return $"its pod {pod.Name()} is not scheduled yet ({scheduled.Reason}: {scheduled.Message}); the timeout starts when it runs";
        }

        var waiting = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? [])
            .Select(s => (s.Name, Waiting: s.State?.Waiting))
            .FirstOrDefault(s => s.Waiting is { Reason: not (null or "PodInitializing" or "ContainerCreating") });
        return waiting.Waiting is { } state
            ? $"container {waiting.Name} of its pod {pod.Name()} waits ({state.Reason}{(string.IsNullOrEmpty(state.Message) ? "" : ": " + state.Message)})"
            : null;
    }
}
