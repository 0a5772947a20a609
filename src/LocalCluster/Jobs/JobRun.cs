using System.Net;
using System.Threading.Channels;
using DynamoMcp.LocalCluster.Pods;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// The Job controller for one Job: creates its pods (a new one per retry, after the controller's back-off), runs
/// them through <see cref="PodExecution"/>, enforces backoffLimit, activeDeadlineSeconds and suspend, writes the
/// Job's status and, once finished, deletes it after ttlSecondsAfterFinished.
/// </summary>
internal sealed class JobRun(
    IKubernetes client,
    IPodLogStore logs,
    V1Job initial,
    LocalJobRunnerOptions options,
    SandboxHost? sandbox,
    Limits.LimitEnforcement limits,
    PodSlots slots,
    string volumeRoot,
    Action<PodExecution, bool> track,
    ILogger logger,
    TimeProvider time)
{
    private const string RandomAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<PodExecution, Task<string>> active = [];
    private V1Job job = initial;
    private int succeeded = initial.Status?.Succeeded ?? 0;
    private int failed = initial.Status?.Failed ?? 0;
    private DateTime? lastFailureAt;
    private string? lastWrittenStatus;

    private readonly string uid = initial.Uid();
    private DateTime? finishedAt;

    public string Uid => uid;

    /// <summary>Hands the run the Job as last seen by the watch (spec changes such as suspend take effect).</summary>
    public void Update(V1Job latest)
    {
        Volatile.Write(ref job, latest);
        wake.Writer.TryWrite(true);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!JobStatusCalculator.IsFinished(job))
            {
                await AdoptAsync(cancellationToken).ConfigureAwait(false);
                await DriveAsync(cancellationToken).ConfigureAwait(false);
            }

            await DeleteAfterTtlAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Deleted Job or stopping runner: no process of this Job may outlive the run.
            foreach (var execution in active.Keys)
            {
                execution.Kill("Deleted", "The Job was deleted or the local job runner stopped.");
            }

            await Task.WhenAll(active.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        }
    }

    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        DateTime? startTime = job.Status?.StartTime;
        JobEvaluation? terminal = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await CollectFinishedAsync().ConfigureAwait(false);
            var current = Volatile.Read(ref job);
            var now = time.GetUtcNow().UtcDateTime;
            var suspended = current.Spec.Suspend == true;
            if (terminal is null)
            {
                // Kubernetes clears startTime while a Job is suspended and restarts the deadline clock on resume.
                startTime = suspended ? null : startTime ?? now;
            }

            var counts = Counts();
            var evaluation = terminal ?? JobStatusCalculator.Evaluate(current.Spec, counts, startTime, now);
            if (evaluation.Outcome is JobOutcome.Complete or JobOutcome.Failed)
            {
                terminal = evaluation;
                foreach (var execution in active.Keys)
                {
                    execution.Kill(evaluation.Reason!, evaluation.Message!);
                }
            }
            else if (evaluation.Outcome == JobOutcome.Suspended)
            {
                foreach (var execution in active.Keys)
                {
                    execution.Kill("Suspended", "The Job was suspended.");
                }
            }

            TimeSpan? wait = null;
            if (evaluation.Outcome == JobOutcome.Running && evaluation.PodsToCreate > 0)
            {
                var delay = lastFailureAt is { } failedAt
                    ? failedAt + JobStatusCalculator.RetryDelay(counts.Failed, options.PodFailureBackoff, options.MaxPodFailureBackoff) - now
                    : TimeSpan.Zero;
                if (delay > TimeSpan.Zero)
                {
                    wait = delay;
                }
                else
                {
                    for (var i = 0; i < evaluation.PodsToCreate; i++)
                    {
                        await StartPodAsync(current, cancellationToken).ConfigureAwait(false);
                    }

                    counts = Counts();
                }
            }

            if (evaluation.Outcome == JobOutcome.Running && current.Spec.ActiveDeadlineSeconds is { } seconds && startTime is { } start)
            {
                var left = start.AddSeconds(seconds) - now;
                wait = wait is { } w && w < left ? w : left;
            }

            var status = JobStatusCalculator.BuildStatus(current.Status, counts, evaluation, startTime, now);
            if (!await WriteStatusAsync(status, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (terminal is not null && counts.Active == 0)
            {
                finishedAt = now;
                logger.LogInformation("Job {Namespace}/{Job} finished: {Outcome} ({Reason})", current.Namespace(), current.Name(), terminal.Outcome, terminal.Reason);
                return;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (wait is { } period)
            {
                timeout.CancelAfter(period < TimeSpan.Zero ? TimeSpan.Zero : period + TimeSpan.FromMilliseconds(20));
            }

            try
            {
                await wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private JobPodCounts Counts()
    {
        var running = active.Keys.ToList();
        return new JobPodCounts(
            Active: running.Count,
            Ready: running.Count(e => e.Ready),
            Succeeded: succeeded,
            Failed: failed + running.Sum(e => e.Restarts));
    }

    private async Task CollectFinishedAsync()
    {
        foreach (var (execution, task) in active.Where(p => p.Value.IsCompleted).ToList())
        {
            active.Remove(execution);
            track(execution, false);
            var phase = task.IsCompletedSuccessfully ? task.Result : "Failed";
            failed += execution.Restarts;
            if (phase == "Succeeded")
            {
                succeeded++;
            }
            else if (execution.WasKilled && Volatile.Read(ref job).Spec.Suspend == true)
            {
                // Pods stopped by suspension do not count as failures; Kubernetes deletes them.
                await DeletePodAsync(execution).ConfigureAwait(false);
            }
            else
            {
                failed++;
                lastFailureAt = time.GetUtcNow().UtcDateTime;
            }

            execution.Dispose();
        }
    }

    private async Task StartPodAsync(V1Job current, CancellationToken cancellationToken)
    {
        var template = current.Spec.Template;
        var spec = KubernetesJson.Deserialize<V1PodSpec>(KubernetesJson.Serialize(template.Spec));
        spec.NodeName ??= options.NodeName;
        spec.RestartPolicy ??= "Never";
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["job-name"] = current.Name(),
            ["controller-uid"] = current.Uid(),
            ["batch.kubernetes.io/job-name"] = current.Name(),
            ["batch.kubernetes.io/controller-uid"] = current.Uid(),
        };
        var baseName = current.Name().Length > 57 ? current.Name()[..57] : current.Name();
        var pod = Pods.ControlledPod.Build(
            $"{baseName}-{RandomSuffix()}", current.Namespace(), labels, template.Metadata?.Annotations, spec, "batch/v1", "Job", current.Name(), current.Uid());
        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, current.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Job {Namespace}/{Job} started pod {Pod}", current.Namespace(), current.Name(), created.Name());
        var execution = new PodExecution(
            client, logs, created, Path.Combine(volumeRoot, created.Uid()), options, sandbox, limits, slots, logger, time);
        execution.Changed += () => wake.Writer.TryWrite(true);
        track(execution, true);
        var run = Task.Run(() => execution.RunAsync(cancellationToken), CancellationToken.None);
        active[execution] = run;
        _ = run.ContinueWith(_ => wake.Writer.TryWrite(true), TaskScheduler.Default);
    }

    private async Task AdoptAsync(CancellationToken cancellationToken)
    {
        if ((job.Status?.Active ?? 0) == 0)
        {
            return;
        }

        // Pods left running by a previous runner have no process any more: fail them like pods of a lost node.
        var pods = await client.CoreV1.ListNamespacedPodAsync(job.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var orphan in pods.Items.Where(p => p.OwnerReferences()?.Any(o => o.Uid == job.Uid()) == true
                                                     && p.Status?.Phase is not ("Succeeded" or "Failed")))
        {
            orphan.Status ??= new V1PodStatus();
            orphan.Status.Phase = "Failed";
            orphan.Status.Reason = "NodeLost";
            orphan.Status.Message = "The local job runner restarted while this pod ran.";
            try
            {
                await client.CoreV1.ReplaceNamespacedPodStatusAsync(orphan, orphan.Name(), orphan.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e)
            {
                logger.LogWarning(e, "Could not mark orphaned pod {Namespace}/{Pod} failed", orphan.Namespace(), orphan.Name());
            }

            failed++;
            lastFailureAt = time.GetUtcNow().UtcDateTime;
        }
    }

    private async Task<bool> WriteStatusAsync(V1JobStatus status, CancellationToken cancellationToken)
    {
        var serialized = KubernetesJson.Serialize(status);
        if (serialized == lastWrittenStatus)
        {
            return true;
        }

        var target = Volatile.Read(ref job);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            target.Status = status;
            try
            {
                var written = await client.BatchV1.ReplaceNamespacedJobStatusAsync(target, target.Name(), target.Namespace(), cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                lastWrittenStatus = serialized;
                Interlocked.CompareExchange(ref job, written, target);
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                target = await client.BatchV1.ReadNamespacedJobAsync(target.Name(), target.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (target.Uid() != Uid)
                {
                    return false;
                }
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }

        logger.LogWarning("Gave up writing the status of Job {Namespace}/{Job} after repeated conflicts", target.Namespace(), target.Name());
        return true;
    }

    private async Task DeleteAfterTtlAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref job);
        if (current.Spec.TtlSecondsAfterFinished is not { } ttl || (JobStatusCalculator.FinishedAt(current) ?? finishedAt) is not { } finished)
        {
            return;
        }

        var left = finished.ToUniversalTime().AddSeconds(ttl) - time.GetUtcNow().UtcDateTime;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, time, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(
                current.Name(),
                current.Namespace(),
                new V1DeleteOptions { PropagationPolicy = "Background", Preconditions = new V1Preconditions { Uid = current.Uid() } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Deleted Job {Namespace}/{Job}: ttlSecondsAfterFinished {Ttl} passed", current.Namespace(), current.Name(), ttl);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
    }

    private async Task DeletePodAsync(PodExecution execution)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(execution.Name, execution.Namespace).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private static string RandomSuffix() =>
        string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = RandomAlphabet[Random.Shared.Next(RandomAlphabet.Length)];
            }
        });
}
