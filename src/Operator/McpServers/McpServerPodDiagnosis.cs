using k8s.Models;

namespace DynamoMcp.Operator.McpServers;

/// <summary>
/// Why none of a server's pods is ready, from their status: an image that cannot be pulled, a container that keeps
/// exiting (crash loop), or still starting. Pure; the controller adds the crashing container's last log lines.
/// </summary>
public static class McpServerPodDiagnosis
{
    /// <summary>Restarts after which a container that keeps exiting counts as crash-looping (the kubelet's back-off is running).</summary>
    public const int CrashLoopRestarts = 2;

    /// <summary>The worst problem among <paramref name="pods"/>, or null when they are merely starting.</summary>
    public static McpPodProblem? Of(IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        foreach (var pod in pods.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            foreach (var status in (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []))
            {
                var waiting = status.State?.Waiting;
                if (waiting?.Reason is "ErrImagePull" or "ImagePullBackOff" or "InvalidImageName")
                {
                    return new McpPodProblem(McpPodProblemKind.ImagePull, pod.Metadata.Name, status.Name,
                        $"the image {status.Image} of container {status.Name} cannot be pulled ({waiting.Reason}: {waiting.Message}); check spec.image and spec.imagePullSecrets");
                }

                if (waiting?.Reason is "CreateContainerConfigError" or "CreateContainerError")
                {
                    return new McpPodProblem(McpPodProblemKind.Config, pod.Metadata.Name, status.Name,
                        $"container {status.Name} cannot start ({waiting.Reason}: {waiting.Message}); check spec.env, spec.envFrom and the Secrets they name");
                }

                var last = status.LastState?.Terminated ?? status.State?.Terminated;
                if (status.RestartCount >= CrashLoopRestarts && last is not null)
                {
                    var why = last.Reason is null or "Error" or "Completed" ? $"exit code {last.ExitCode}" : $"{last.Reason}, exit code {last.ExitCode}";
                    return new McpPodProblem(McpPodProblemKind.CrashLoop, pod.Metadata.Name, status.Name,
                        $"container {status.Name} keeps exiting ({why}, {status.RestartCount} restarts)");
                }
            }
        }

        return null;
    }
}
