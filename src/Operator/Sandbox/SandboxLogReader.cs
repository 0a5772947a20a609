using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// Fetches the result of a finished sandbox Job: finds its newest pod (label job-name) and reads the container's log
/// through CoreV1.ReadNamespacedPodLogAsync, then verifies the frame. Logs are not cached by informers, so this is the
/// one API read a reconciler makes, once per finished Job. Classify what it returns with <see cref="SandboxFailures"/>.
/// </summary>
public sealed partial class SandboxLogReader(IKubernetes client, ILogger<SandboxLogReader> logger)
{
    /// <summary>The verified payload, or the problem with a message a person can act on.</summary>
    public async Task<SandboxResult> ReadResultAsync(V1Job job, string container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var pods = await client.CoreV1.ListNamespacedPodAsync(
            job.Namespace(), labelSelector: $"job-name={job.Name()}", cancellationToken: cancellationToken).ConfigureAwait(false);
        var pod = pods.Items
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == job.Uid()) ?? true)
            .OrderByDescending(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .FirstOrDefault();
        if (pod is null)
        {
            return SandboxResult.Failed(SandboxResultProblem.Missing,
                $"the sandbox Job {job.Name()} has no pod left to read the result from; it was deleted before the operator read it.");
        }

        string log;
        try
        {
            using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(
                pod.Name(), pod.Namespace(), container: container, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            log = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return SandboxResult.Failed(SandboxResultProblem.Missing,
                $"the log of sandbox pod {pod.Name()} cannot be read ({(int)e.Response.StatusCode}): {e.Response.Content}");
        }

        var result = WithPodStatus(SandboxResultFrame.Read(log), pod, container);
        if (result.Payload is null)
        {
            LogBadFrame(logger, pod.Namespace(), pod.Name(), container, result.Error);
        }

        return result;
    }

    /// <summary>A missing frame from a container the kubelet OOM-killed is <see cref="SandboxResultProblem.OutOfMemory"/>. Pure.</summary>
    public static SandboxResult WithPodStatus(SandboxResult result, V1Pod pod, string container)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(pod);
        if (result.Problem != SandboxResultProblem.Missing)
        {
            return result;
        }

        var status = (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []).FirstOrDefault(s => s.Name == container);
        var terminated = status?.State?.Terminated ?? status?.LastState?.Terminated;
        if (terminated?.Reason != "OOMKilled")
        {
            return result;
        }

        var containers = (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []);
        var limit = containers.FirstOrDefault(c => c.Name == container)?.Resources?.Limits is { } limits
            && limits.TryGetValue("memory", out var memory) ? $" (limit {memory})" : "";
        return SandboxResult.Failed(SandboxResultProblem.OutOfMemory,
            $"the sandbox container {container}{SandboxResultFrame.OutOfMemoryMarker}{limit} and was killed before printing its result; " +
            "raise spec.sandbox.resources.limits.memory of the template.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox pod {Namespace}/{Pod} container {Container}: {Error}")]
    private static partial void LogBadFrame(ILogger logger, string @namespace, string pod, string container, string error);
}
