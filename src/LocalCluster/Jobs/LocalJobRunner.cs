using System.Collections.Concurrent;
using DynamoMcp.LocalCluster.Jobs.Limits;
using DynamoMcp.LocalCluster.Pods;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// Kubernetes' Job controller and a kubelet in one, for LocalCluster: watches Jobs in all namespaces through the
/// API (as any controller would, with nothing but an <see cref="IKubernetes"/> client and the shared
/// <see cref="IPodLogStore"/>), creates each unfinished Job's pods, runs their containers as local processes and
/// writes Pod and Job status back: phases, container states, counts, <c>Complete</c>/<c>Failed</c> conditions;
/// honouring backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished and suspend.
/// </summary>
/// <remarks>
/// <para>
/// <b>Images.</b> There is no container runtime. A container's <c>command</c> + <c>args</c> runs as a host
/// process, as if the host were the image: <c>busybox</c> running <c>sh -c ...</c> runs the host's <c>sh</c>.
/// A container without <c>command</c> needs its image mapped in <see cref="LocalJobRunnerOptions.Images"/>
/// (name without tag or digest, or a <c>prefix*</c>): the <see cref="LocalImage.Entrypoint"/> stands in for the
/// image's ENTRYPOINT (e.g. <c>/usr/bin/python3 &lt;repo&gt;/images/generator/entrypoint.py</c>), its
/// <see cref="LocalImage.ReadOnlyBinds"/> bring the image's files, <see cref="LocalImage.AllowNetwork"/> lets it
/// reach the network.
/// </para>
/// <para>
/// <b>Sandbox.</b> With <c>/usr/bin/bwrap</c> present and <see cref="LocalJobRunnerOptions.UseSandbox"/> on, each
/// container runs in bubblewrap: new user, pid, network (unless its image allows network), ipc, uts and mount
/// namespaces, no capabilities, <c>--die-with-parent</c>; /usr (and /bin, /lib*, /sbin as on the host) and a short
/// list of /etc entries read-only; tmpfs at /tmp and /var/tmp; emptyDir volumes are host folders (shared by the
/// pod's containers, removed when the pod is deleted) and configMap/secret volumes read-only files, all bound at
/// their mountPaths, as are projected volumes (configMap, secret, downwardAPI and serviceAccountToken sources: a
/// token from a TokenRequest bound to the pod, renewed at 80 % of its lifetime, see <see cref="Auth.ProjectedVolumeWriter"/>)
/// and downwardAPI volumes; <c>readOnlyRootFilesystem</c> remounts the root read-only. The uid is the security context's
/// runAsUser (0 by default, mapped to the runner's own user). Without bubblewrap the command runs directly
/// (a warning is logged once) and volumes are not mounted at their paths.
/// </para>
/// <para>
/// The process environment is exactly the container's <c>env</c>/<c>envFrom</c> (values, ConfigMap and Secret
/// keys, fieldRef) plus PATH, HOSTNAME and HOME defaults, never the runner's. stdout and stderr go to the pod log
/// store as they arrive. A deadline, a suspension, or deleting the Job or pod kills the process group.
/// </para>
/// <para>
/// <b>Limits.</b> Containers' <c>resources.limits</c> hold as a kubelet holds them (<see cref="LimitEnforcement"/>):
/// cgroups (v2, else v1) where this process may create them, for memory (OOMKilled), pids and cpu; else rlimits and
/// the runner's sampling. A pod whose emptyDir volumes hold more than its ephemeral-storage limit is Evicted while it
/// writes (sampled every <see cref="LocalJobRunnerOptions.LimitSampleInterval"/>), and no file may exceed it.
/// At most <see cref="LocalJobRunnerOptions.MaxParallelPods"/> pods run at once: the others stay Pending, unscheduled,
/// with the wait in their PodScheduled condition, and their activeDeadlineSeconds counts only once they start.
/// </para>
/// <para>
/// Probes run as for Deployment pods (<see cref="Deployments.LocalDeploymentController"/>). Not modelled: indexed completion mode, pod failure policy, success policy, pod IPs
/// (pods report 127.0.0.1). Pods killed for a deadline stay (Failed) so their logs remain readable.
/// </para>
/// </remarks>
public sealed class LocalJobRunner : IAsyncDisposable
{
    private readonly IKubernetes client;
    private readonly IPodLogStore logs;
    private readonly LocalJobRunnerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, (JobRun Run, CancellationTokenSource Stop, Task Task)> runs = new();
    private readonly ConcurrentDictionary<string, PodExecution> pods = new();
    private readonly PodSlots slots;
    private readonly string volumeRoot;
    private readonly bool ownsVolumeRoot;
    private CancellationTokenSource? stopping;
    private Task? watches;
    private SandboxHost? sandbox;
    private LimitEnforcement limits = LimitEnforcement.Off("the runner has not started");

    public LocalJobRunner(IKubernetes client, IPodLogStore logs, LocalJobRunnerOptions options, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        options.Validate();
        (this.client, this.logs, this.options) = (client, logs, options);
        logger = loggerFactory.CreateLogger<LocalJobRunner>();
        this.time = time ?? TimeProvider.System;
        slots = new PodSlots(options.MaxParallelPods);
        ownsVolumeRoot = options.VolumeRoot is null;
        volumeRoot = options.VolumeRoot ?? Path.Combine(Path.GetTempPath(), "dynamo-mcp-pods-" + Guid.NewGuid().ToString("N")[..8]);
    }

    /// <summary>The sandbox containers run in, or null (known after <see cref="StartAsync"/>); the Deployment controller's pods share it.</summary>
    internal SandboxHost? Sandbox => sandbox;

    /// <summary>What holds containers to their limits (known after <see cref="StartAsync"/>).</summary>
    internal LimitEnforcement Limits => limits;

    /// <summary>Folder of the pods' volumes, one subfolder per pod uid, removed when its pod is deleted (whoever ran it).</summary>
    internal string VolumeRoot => volumeRoot;

    /// <summary>Whether containers run inside bubblewrap (known after <see cref="StartAsync"/>).</summary>
    public bool Sandboxed => sandbox is not null;

    /// <summary>What holds containers to their resource limits here, in a sentence (known after <see cref="StartAsync"/>).</summary>
    public string LimitEnforcementDescription => limits.Description;

    /// <summary>What network a server pod whose image may use it gets, in a sentence (known after <see cref="StartAsync"/>).</summary>
    public string ServerNetworkDescription => sandbox switch
    {
        null => "the host's network (no sandbox)",
        { HasUserModeNetwork: true } => "a namespace of its own, out through slirp4netns; the host's loopback is refused",
        _ => "the host's network and ports (install slirp4netns and run as root for a namespace of its own)",
    };

    /// <summary>Starts watching Jobs and Pods; returns once the watches run in the background.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (stopping is not null)
        {
            throw new InvalidOperationException("The local job runner is already started.");
        }

        Directory.CreateDirectory(volumeRoot);
        sandbox = options.UseSandbox ? SandboxHost.Detect(options.BubblewrapPath, options.EtcEntries, new Dictionary<string, string>(options.SharedReadOnlyBinds)) : null;
        if (sandbox is not null && options.Slirp4netnsPath is { } slirp && File.Exists(slirp) && Networking.PodNetwork.CanEnterNamespaces)
        {
            var resolvConf = Path.Combine(volumeRoot, "resolv.conf");
            File.WriteAllText(resolvConf, Networking.UserModeNetwork.ResolvConf);
            sandbox = sandbox with { Slirp4netnsPath = slirp, UserNetworkResolvConf = resolvConf };
        }
        else if (sandbox is not null)
        {
            logger.LogWarning(
                "Server pods whose image may use the network share the host's network and ports ({Why}); install slirp4netns and run as root to give them their own",
                !Networking.PodNetwork.CanEnterNamespaces ? "not root" : options.Slirp4netnsPath is null ? "slirp4netns is turned off" : $"{options.Slirp4netnsPath} not found");
        }

        if (sandbox is null)
        {
            logger.LogWarning(
                "Job containers run WITHOUT a sandbox ({Why}): they can read and write whatever this user can, and volumes are not mounted. " +
                "Install bubblewrap (apt-get install bubblewrap) to isolate them.",
                options.UseSandbox ? $"{options.BubblewrapPath} not found" : "UseSandbox is off");
        }

        limits = LimitEnforcement.Detect(options.ResourceControl, options.PrlimitPath);
        if (limits.Enforces)
        {
            logger.LogInformation("Job containers' resource limits: {Enforcement}", limits.Description);
        }
        else
        {
            logger.LogWarning("Job containers' resource limits: {Enforcement}", limits.Description);
        }

        stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stopping.Token;
        var timeoutSeconds = (int)options.WatchTimeout.TotalSeconds;
        var jobWatch = new ResourceWatch<V1Job, V1JobList>(
            "jobs",
            ct => client.BatchV1.ListJobForAllNamespacesAsync(cancellationToken: ct),
            (rv, ct) => client.BatchV1.ListJobForAllNamespacesWithHttpMessagesAsync(
                watch: true, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: timeoutSeconds, cancellationToken: ct),
            OnJobListAsync,
            OnJobEventAsync,
            logger);
        var podWatch = new ResourceWatch<V1Pod, V1PodList>(
            "pods",
            ct => client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct),
            (rv, ct) => client.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(
                watch: true, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: timeoutSeconds, cancellationToken: ct),
            OnPodListAsync,
            OnPodEventAsync,
            logger);
        watches = Task.WhenAll(Task.Run(() => jobWatch.RunAsync(token), token), Task.Run(() => podWatch.RunAsync(token), token));
        return Task.CompletedTask;
    }

    /// <summary>Stops watching and kills every running container.</summary>
    public async Task StopAsync()
    {
        if (stopping is null)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var (_, (_, stop, _)) in runs)
        {
            try
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The run finished (and disposed its token) between the snapshot and here.
            }
        }

        await Task.WhenAll(runs.Values.Select(r => r.Task).Append(watches ?? Task.CompletedTask).Select(Quietly)).ConfigureAwait(false);
        runs.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        stopping?.Dispose();
        slots.Dispose();
        limits.Dispose();
        if (ownsVolumeRoot)
        {
            TryDelete(volumeRoot);
        }
    }

    private Task OnJobListAsync(IList<V1Job> jobs)
    {
        var present = jobs.Select(j => j.Uid()).ToHashSet(StringComparer.Ordinal);
        foreach (var uid in runs.Keys.Where(u => !present.Contains(u)))
        {
            StopRun(uid);
        }

        foreach (var job in jobs)
        {
            OnJob(job);
        }

        return Task.CompletedTask;
    }

    private Task OnJobEventAsync(WatchEventType type, V1Job job)
    {
        if (type == WatchEventType.Deleted)
        {
            StopRun(job.Uid());
        }
        else
        {
            OnJob(job);
        }

        return Task.CompletedTask;
    }

    private void OnJob(V1Job job)
    {
        if (job.Metadata.DeletionTimestamp is not null)
        {
            StopRun(job.Uid());
            return;
        }

        if (runs.TryGetValue(job.Uid(), out var existing))
        {
            existing.Run.Update(job);
            return;
        }

        if (JobStatusCalculator.IsFinished(job) && job.Spec.TtlSecondsAfterFinished is null)
        {
            return;
        }

        var run = new JobRun(client, logs, job, options, sandbox, limits, slots, volumeRoot, Track, logger, time);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping!.Token);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await gate.Task.ConfigureAwait(false);
            try
            {
                await run.RunAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                logger.LogError(e, "Running Job {Namespace}/{Job} failed; it is retried when the Job changes or the runner restarts", job.Namespace(), job.Name());
            }
            finally
            {
                // Forget the run; a run that gave up on an error starts again with the Job's next event.
                if (runs.TryGetValue(job.Uid(), out var entry) && ReferenceEquals(entry.Run, run))
                {
                    runs.TryRemove(job.Uid(), out _);
                }

                stop.Dispose();
            }
        });
        if (runs.TryAdd(job.Uid(), (run, stop, task)))
        {
            gate.SetResult();
        }
        else
        {
            stop.Cancel();
            gate.SetResult();
        }
    }

    private void StopRun(string uid)
    {
        if (runs.TryRemove(uid, out var entry))
        {
            try
            {
                entry.Stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void Track(PodExecution execution, bool running)
    {
        if (running)
        {
            pods[execution.Uid] = execution;
        }
        else
        {
            pods.TryRemove(execution.Uid, out _);
        }
    }

    private async Task OnPodListAsync(IList<V1Pod> list)
    {
        var present = list.Select(p => p.Uid()).ToHashSet(StringComparer.Ordinal);
        foreach (var execution in pods.Where(p => !present.Contains(p.Key)).Select(p => p.Value).ToList())
        {
            if (!await PodPresence.ExistsAsync(client, execution, CancellationToken.None).ConfigureAwait(false))
            {
                execution.Kill("Deleted", "The pod was deleted.");
            }
        }

        foreach (var directory in Directory.Exists(volumeRoot) ? Directory.GetDirectories(volumeRoot) : [])
        {
            if (!present.Contains(Path.GetFileName(directory)) && !pods.ContainsKey(Path.GetFileName(directory)))
            {
                TryDelete(directory);
            }
        }

        foreach (var pod in list.Where(p => p.Metadata.DeletionTimestamp is not null))
        {
            await OnPodEventAsync(WatchEventType.Modified, pod).ConfigureAwait(false);
        }
    }

    private async Task OnPodEventAsync(WatchEventType type, V1Pod pod)
    {
        if (type != WatchEventType.Deleted && pod.Metadata.DeletionTimestamp is null)
        {
            return;
        }

        if (pods.TryGetValue(pod.Uid(), out var execution))
        {
            execution.Kill("Deleted", "The pod was deleted.");
        }

        if (type == WatchEventType.Deleted)
        {
            TryDelete(Path.Combine(volumeRoot, pod.Uid()));
            await logs.DeletePodAsync(pod.Namespace(), pod.Name(), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove pod volume folder {Directory}", directory);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping: failures were logged where they happened.
        }
    }
}
