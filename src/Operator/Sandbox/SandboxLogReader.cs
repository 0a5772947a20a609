using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// Fetches the result of a finished sandbox Job: finds its newest pod (label job-name) and reads the container's log
/// through CoreV1.ReadNamespacedPodLogAsync, then verifies the frame. Logs are not cached by informers, so this is the
/// one API read a reconciler makes, once per finished Job.
/// </summary>
public sealed partial class SandboxLogReader(IKubernetes client, ILogger<SandboxLogReader> logger)
{
    /// <summary>The verified payload, or null with a message a person can act on.</summary>
    public async Task<(JsonObject? Payload, string Error)> ReadAsync(V1Job job, string container, CancellationToken cancellationToken)
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
            return (null, $"the sandbox Job {job.Name()} has no pod left to read the result from; it was deleted before the operator read it.");
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
            return (null, $"the log of sandbox pod {pod.Name()} cannot be read ({(int)e.Response.StatusCode}): {e.Response.Content}");
        }

        var payload = SandboxResultFrame.TryRead(log, out var error);
        if (payload is null)
        {
            LogBadFrame(logger, pod.Namespace(), pod.Name(), error);
        }

        return (payload, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox pod {Namespace}/{Pod}: {Error}")]
    private static partial void LogBadFrame(ILogger logger, string @namespace, string pod, string error);
}
