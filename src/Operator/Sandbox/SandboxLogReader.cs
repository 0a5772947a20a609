using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// Fetches the result of a finished sandbox Job: finds its newest pod (label job-name) and reads the container's log
/// through CoreV1.ReadNamespacedPodLogAsync, then verifies the frame and holds it against the container's exit
/// (<see cref="WithPodStatus"/>). Logs are not cached by informers, so this is the one API read a reconciler makes,
/// once per finished Job. Classify what it returns with <see cref="SandboxFailures"/>.
/// </summary>
public sealed partial class SandboxLogReader(IKubernetes client, ILogger<SandboxLogReader> logger)
{
    /// <summary>The verified payload, or the problem with a message a person can act on.</summary>
    public async Task<SandboxResult> ReadResultAsync(V1Job job, string container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var pod = await PodAsync(job, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The last <paramref name="lines"/> lines of <paramref name="container"/>'s log in the Job's latest pod, or null when there is no pod or log left.</summary>
    public async Task<string?> ReadTailAsync(V1Job job, string container, int lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await PodAsync(job, cancellationToken).ConfigureAwait(false) is { } pod
            ? await ReadTailAsync(pod, container, lines, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>The last <paramref name="lines"/> lines of <paramref name="container"/>'s log in <paramref name="pod"/>, or null when it has none.</summary>
    public async Task<string?> ReadTailAsync(V1Pod pod, string container, int lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        try
        {
            using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(
                pod.Name(), pod.Namespace(), container: container, tailLines: lines, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return null;
        }
    }

    /// <summary>The Job's latest pod, or null when none is left.</summary>
    public Task<V1Pod?> LatestPodAsync(V1Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return PodAsync(job, cancellationToken);
    }

    private async Task<V1Pod?> PodAsync(V1Job job, CancellationToken cancellationToken)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(
            job.Namespace(), labelSelector: $"job-name={job.Name()}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return pods.Items
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == job.Uid()) ?? true)
            .OrderByDescending(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .FirstOrDefault();
    }

    /// <summary>
    /// Holds the frame against how the container ended (pure). A success payload counts only from a container that
    /// exited 0, an Error payload only when its <c>exitCode</c> is the container's (and its reason's): template code
    /// may print a frame of its own, and a frame that disagrees with the exit is not trusted. The failure then comes
    /// from the termination: an OOM kill is <see cref="SandboxResultProblem.OutOfMemory"/>, a generator exit code its
    /// reason, anything else <see cref="SandboxResultProblem.Untrusted"/>. Unless the container succeeded, what the kubelet
    /// states wins over any frame: an evicted pod is <see cref="SandboxResultProblem.Evicted"/>, one past its own
    /// deadline <see cref="SandboxResultProblem.TimedOut"/>, an OOM-killed container <see cref="SandboxResultProblem.OutOfMemory"/>.
    /// </summary>
    public static SandboxResult WithPodStatus(SandboxResult result, V1Pod pod, string container)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(pod);
        var status = (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []).FirstOrDefault(s => s.Name == container);
        var ended = status?.State?.Terminated ?? status?.LastState?.Terminated;
        var succeeded = result.Payload is { } done && (string?)done["kind"] != GeneratorContract.ErrorKind && ended?.ExitCode == 0;
        if (!succeeded && KubeletVerdict(pod, container, ended) is { } verdict)
        {
            // Evicted, past the pod's deadline, OOM-killed: what the kubelet saw wins over an Error frame, which would
            // only describe the consequence (a hook killed by the OOM killer, a pipe closed by the eviction).
            return verdict;
        }

        if (result.Payload is { } payload)
        {
            // The log read is the current instance's, so only its own termination vouches for it.
            if (status?.State?.Terminated is not { } current)
            {
                return SandboxResult.Failed(SandboxResultProblem.Missing,
                    $"the sandbox container {container} has not ended according to its pod's status, so the result frame in its log is not trusted yet.");
            }

            return Disagreement(payload, current) is { } why ? Distrusted(container, current, why) : result;
        }

        return result;
    }

    /// <summary>The failure the pod's status states for <paramref name="container"/>, or null when it states none.</summary>
    private static SandboxResult? KubeletVerdict(V1Pod pod, string container, V1ContainerStateTerminated? ended)
    {
        if (ended is null || ended.ExitCode == 0)
        {
            return null;
        }

        var podMessage = pod.Status?.Message?.Trim() ?? "";
        if (pod.Status?.Reason == "Evicted")
        {
            var raise = podMessage.Contains("EmptyDir", StringComparison.Ordinal)
                ? "a scratch volume's size is the operator's setting (Sandbox:ScratchSizeLimit); make the template write less"
                : "raise spec.sandbox.resources.limits.ephemeral-storage of the template, or make it write less";
            return SandboxResult.Failed(SandboxResultProblem.Evicted,
                $"the sandbox pod was evicted while container {container} wrote: {podMessage} Its files went over the limit; {raise}.");
        }

        if (pod.Status?.Reason == "DeadlineExceeded")
        {
            var seconds = pod.Spec?.ActiveDeadlineSeconds is { } deadline ? $" of {deadline}s" : "";
            return SandboxResult.Failed(SandboxResultProblem.TimedOut,
                $"the sandbox pod ran longer than its deadline{seconds} (counted from its start) and was stopped; raise the template's " +
                "spec.sandbox.timeoutSeconds or the Scaffold's spec.timeoutSeconds, or check what the template waits for.");
        }

        return ended.Reason == OomKilled
            ? SandboxResult.Failed(SandboxResultProblem.OutOfMemory,
                $"the sandbox container {container}{SandboxResultFrame.OutOfMemoryMarker}{MemoryLimit(pod, container)} and was killed; {RaiseMemory}.")
            : null;
    }

    private const string OomKilled = "OOMKilled";
    private const string RaiseMemory = "raise spec.sandbox.resources.limits.memory of the template";

    /// <summary>Why <paramref name="payload"/> cannot come from a container that ended as <paramref name="ended"/>, or null when it can.</summary>
    private static string? Disagreement(JsonObject payload, V1ContainerStateTerminated ended)
    {
        var kind = (string?)payload["kind"];
        if (kind != GeneratorContract.ErrorKind)
        {
            return ended.ExitCode == 0 ? null : $"is of kind {kind}, which only a container that exits 0 prints";
        }

        if (payload["exitCode"] is not JsonValue value || !value.TryGetValue<long>(out var code))
        {
            return "is an Error without an exitCode";
        }

        var reason = (string?)payload["reason"];
        var row = GeneratorReasons.Find(reason);
        return code != ended.ExitCode ? $"is an Error ({reason}) that says exit code {code}"
            : code == 0 ? $"is an Error ({reason}) that says exit code 0"
            : row.IsGenerators && row.ExitCode != code ? $"is an Error whose reason {reason} has exit code {row.ExitCode}, not {code}"
            : null;
    }

    private static SandboxResult Distrusted(string container, V1ContainerStateTerminated ended, string why)
    {
        var exit = ended.Reason is null or "Error" or "Completed" ? $"exited with code {ended.ExitCode}" : $"exited with code {ended.ExitCode} ({ended.Reason})";
        var message = $"the sandbox container {container} {exit} but the last result frame in its log {why}: the frame was not trusted " +
            "(template code may have printed it)";
        var row = ended.ExitCode == 0 ? null : GeneratorReasons.ForExitCode(ended.ExitCode);
        return SandboxResult.Untrusted(
            row is null ? $"{message}; see the pod's log." : $"{message}; exit code {ended.ExitCode} stands for {row.Name}, see the pod's log.",
            row?.Name);
    }

    private static string MemoryLimit(V1Pod pod, string container) =>
        (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).FirstOrDefault(c => c.Name == container)?.Resources?.Limits is { } limits
            && limits.TryGetValue("memory", out var memory) ? $" (limit {memory})" : "";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox pod {Namespace}/{Pod} container {Container}: {Error}")]
    private static partial void LogBadFrame(ILogger logger, string @namespace, string pod, string container, string error);
}
