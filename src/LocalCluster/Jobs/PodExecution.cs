using System.Net;
using DynamoMcp.LocalCluster.Jobs.Limits;
using DynamoMcp.LocalCluster.Pods;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// The kubelet's part for one pod: materializes its volumes, runs init containers in order and then the containers
/// side by side as host processes, streams their output into the pod log store and writes the pod's status.
/// </summary>
internal sealed class PodExecution : IDisposable
{
    private readonly IKubernetes client;
    private readonly IPodLogStore logs;
    private readonly LocalJobRunnerOptions options;
    private readonly SandboxHost? sandbox;
    private readonly LimitEnforcement limits;
    private readonly PodSlots slots;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource kill = new();
    private readonly CancellationTokenSource stopWatching = new();
    private readonly SemaphoreSlim statusGate = new(1, 1);
    private readonly Dictionary<string, V1ContainerStatus> initStatuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1ContainerStatus> statuses = new(StringComparer.Ordinal);
    private V1Pod pod;
    private string phase = "Pending";
    private DateTime? startTime;
    private bool initialized;
    private string? killReason;
    private string? killMessage;
    private string? configFailure;
    private Auth.ProjectedVolumeWriter? projected;
    private string? unschedulable;
    private int restarts;
    private int configErrorLogged;
    private int sandboxSetupRetries;
    private int hostNetworkWarned;
    private int networkPid;
    private int hostNetwork;

    public PodExecution(
        IKubernetes client,
        IPodLogStore logs,
        V1Pod pod,
        string volumeDirectory,
        LocalJobRunnerOptions options,
        SandboxHost? sandbox,
        LimitEnforcement limits,
        PodSlots slots,
        ILogger logger,
        TimeProvider time)
    {
        (this.client, this.logs, this.pod, VolumeDirectory, this.options, this.sandbox, this.limits, this.slots, this.logger, this.time) =
            (client, logs, pod, volumeDirectory, options, sandbox, limits, slots, logger, time);
        foreach (var c in pod.Spec.InitContainers ?? [])
        {
            initStatuses[c.Name] = Waiting(c, "PodInitializing");
        }

        foreach (var c in pod.Spec.Containers)
        {
            statuses[c.Name] = Waiting(c, "ContainerCreating");
        }
    }

    /// <summary>Raised when the pod's phase or restart count changes.</summary>
    public event Action? Changed;

    public string Name => pod.Name();

    public string Namespace => pod.Namespace();

    public string Uid => pod.Uid();

    /// <summary>Host folder holding this pod's volumes; removed when the pod is deleted.</summary>
    public string VolumeDirectory { get; }

    public string Phase => Volatile.Read(ref phase);

    public bool Ready => Phase == "Running";

    /// <summary>Container restarts so far (restartPolicy OnFailure); the Job counts them as failures.</summary>
    public int Restarts => Volatile.Read(ref restarts);

    /// <summary>The pod's labels (a Service's selector picks pods by them).</summary>
    public IDictionary<string, string> Labels => pod.Labels() ?? new Dictionary<string, string>();

    /// <summary>The pod's spec (its containers' named ports).</summary>
    public V1PodSpec Spec => pod.Spec;

    /// <summary>Whether every container is running and ready (readiness probes passed): a Service sends it traffic.</summary>
    public bool ContainersReady => Phase == "Running" && statuses.Values.All(s => s.Ready);

    /// <summary>
    /// A process inside the pod's private network namespace (its first container's), for <see cref="Networking.PodNetwork"/>;
    /// null while unknown or when the pod uses the host's network (<see cref="UsesHostNetwork"/>).
    /// </summary>
    public int? NetworkNamespacePid => Volatile.Read(ref networkPid) is > 0 and var pid ? pid : null;

    /// <summary>Whether the pod's containers share the host's network (no sandbox, or an image allowed the network).</summary>
    public bool UsesHostNetwork => Volatile.Read(ref hostNetwork) == 1;

    /// <summary>Whether the runner stopped it (deadline, suspension, deletion) rather than it ending by itself.</summary>
    public bool WasKilled => killReason is not null;

    /// <summary>Stops every process of the pod; the pod ends Failed with the given reason.</summary>
    public void Kill(string reason, string message)
    {
        if (Interlocked.CompareExchange(ref killReason, reason, null) is null)
        {
            killMessage = message;
            kill.Cancel();
        }
    }

    /// <summary>Runs the pod to its end and returns the final phase (Succeeded or Failed).</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, kill.Token);
        var token = linked.Token;
        await WriteStatusAsync(cancellationToken).ConfigureAwait(false);
        var slotTaken = false;
        Task? watchdogs = null;
        Task? tokenRotation = null;
        try
        {
            if (!slots.TryTake())
            {
                // Like a pod the scheduler cannot place yet: Pending, not started, its wait in PodScheduled.
                unschedulable = $"waiting for a free sandbox slot: {slots.InUse} of {slots.Capacity} in use (local mode's --sandbox-slots sets how many)";
                logger.LogInformation("Pod {Namespace}/{Pod} is {Message}", Namespace, Name, unschedulable);
                await WriteStatusAsync(cancellationToken).ConfigureAwait(false);
                await slots.TakeAsync(token).ConfigureAwait(false);
                unschedulable = null;
            }

            slotTaken = true;
            startTime = time.GetUtcNow().UtcDateTime;
            watchdogs = Task.WhenAll(WatchDeadlineAsync(token), WatchStorageAsync(token));
            var mounts = await PrepareVolumesWithBackoffAsync(token).ConfigureAwait(false);
            tokenRotation = projected?.RotateTokensAsync(stopWatching.Token);

            var succeeded = true;
            foreach (var container in pod.Spec.InitContainers ?? [])
            {
                if (!await RunContainerAsync(container, initStatuses, mounts, init: true, token).ConfigureAwait(false))
                {
                    succeeded = false;
                    break;
                }
            }

            if (succeeded)
            {
                initialized = true;
                var results = await Task.WhenAll(pod.Spec.Containers.Select(c => RunContainerAsync(c, statuses, mounts, init: false, token))).ConfigureAwait(false);
                succeeded = results.All(r => r);
            }

            SetPhase(succeeded && !WasKilled ? "Succeeded" : "Failed");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            SetPhase("Failed");
        }
        catch (ContainerConfigException e)
        {
            killMessage ??= e.Message;
            configFailure = e.Reason;
            SetPhase("Failed");
        }
        finally
        {
            if (slotTaken)
            {
                slots.Release();
            }

            if (watchdogs is not null)
            {
                stopWatching.Cancel();
                await watchdogs.ConfigureAwait(false);
            }

            if (tokenRotation is not null)
            {
                await tokenRotation.ConfigureAwait(false);
            }

            foreach (var c in (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers))
            {
                await logs.CompleteAsync(Namespace, Name, c.Name, CancellationToken.None).ConfigureAwait(false);
            }
        }

        foreach (var status in initStatuses.Values.Concat(statuses.Values).Where(s => s.State?.Terminated is null))
        {
            // Containers that never ran end like the kubelet reports them for a failed pod.
            status.State = new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated { ExitCode = ContainerProcess.KilledExitCode, Reason = "ContainerStatusUnknown", Message = killMessage },
            };
        }

        await WriteStatusAsync(cancellationToken).ConfigureAwait(false);
        return Phase;
    }

    public void Dispose()
    {
        kill.Dispose();
        stopWatching.Dispose();
        statusGate.Dispose();
    }

    /// <summary>
    /// The pod's volumes. A volume that cannot be set up (a service account that does not exist) fails a Job's pod at
    /// once; a server pod is not given up: its containers wait with the reason while the kubelet retries with back-off.
    /// </summary>
    private async Task<Dictionary<string, (string HostPath, bool ReadOnly)>> PrepareVolumesWithBackoffAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await PrepareVolumesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ContainerConfigException e) when (RestartsAlways && !cancellationToken.IsCancellationRequested)
            {
                foreach (var status in initStatuses.Values.Concat(statuses.Values))
                {
                    status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = e.Reason, Message = e.Message } };
                }

                logger.LogInformation("Pod {Namespace}/{Pod} waits for its volumes: {Message}", Namespace, Name, e.Message);
                await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.Delay(options.ContainerRestartBackoff, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Dictionary<string, (string HostPath, bool ReadOnly)>> PrepareVolumesAsync(CancellationToken cancellationToken)
    {
        var volumes = new Dictionary<string, (string, bool)>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            var directory = Path.Combine(VolumeDirectory, volume.Name);
            if (volume.EmptyDir is not null)
            {
                Directory.CreateDirectory(directory);
                if (!OperatingSystem.IsWindows())
                {
                    // Like the kubelet's emptyDir: writable by whatever user the container runs as.
                    File.SetUnixFileMode(directory, (UnixFileMode)0x1FF);
                }

                volumes[volume.Name] = (directory, false);
            }
            else if (volume.ConfigMap is not null || volume.Secret is not null)
            {
                await WithConfigRetryAsync(null, () => new PodConfigResolver(client, pod).MaterializeAsync(volume, directory, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
                volumes[volume.Name] = (directory, true);
            }
            else if (volume.Projected is not null || volume.DownwardAPI is not null)
            {
                // Projected service-account tokens come from a TokenRequest bound to this pod (Auth.ProjectedVolumeWriter).
                projected ??= new Auth.ProjectedVolumeWriter(client, pod, time, logger);
                await WithConfigRetryAsync(null, () => projected.WriteAsync(volume, directory, cancellationToken), cancellationToken).ConfigureAwait(false);
                volumes[volume.Name] = (directory, true);
            }
            else
            {
                throw new ContainerConfigException(
                    "CreateContainerConfigError",
                    $"Volume '{volume.Name}' has a type the local runner does not support; use emptyDir, configMap, secret, projected or downwardAPI.",
                    false);
            }
        }

        return volumes;
    }

    private async Task<bool> RunContainerAsync(
        V1Container container,
        Dictionary<string, V1ContainerStatus> statusSet,
        Dictionary<string, (string HostPath, bool ReadOnly)> volumes,
        bool init,
        CancellationToken cancellationToken)
    {
        var status = statusSet[container.Name];
        while (true)
        {
            ContainerLaunch launch;
            try
            {
                launch = await WithConfigRetryAsync(status, () => PrepareAsync(container, volumes, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (ContainerConfigException e) when (RestartsAlways && !cancellationToken.IsCancellationRequested)
            {
                // A server pod is not given up: the kubelet keeps the container waiting with the reason and retries with back-off.
                status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = e.Reason, Message = e.Message } };
                if (status.RestartCount == 0 && Interlocked.Exchange(ref configErrorLogged, 1) == 0)
                {
                    await logs.AppendAsync(Namespace, Name, container.Name, System.Text.Encoding.UTF8.GetBytes(e.Message + "\n"), CancellationToken.None)
                        .ConfigureAwait(false);
                }

                await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.Delay(options.ContainerRestartBackoff, time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (ContainerConfigException e)
            {
                status.State = new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated { ExitCode = 128, Reason = "StartError", Message = e.Message, FinishedAt = Now() },
                };
                await logs.AppendAsync(Namespace, Name, container.Name, System.Text.Encoding.UTF8.GetBytes(e.Message + "\n"), CancellationToken.None)
                    .ConfigureAwait(false);
                await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);
                return false;
            }

            var containerLimits = ContainerLimits.From(container, options.PodPidsLimit);
            ContainerCgroup? cgroup;
            try
            {
                cgroup = limits.Cgroups?.CreateContainer($"{Uid}-{container.Name}-{status.RestartCount}", containerLimits);
            }
            catch (ContainerConfigException e)
            {
                status.State = new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated { ExitCode = 128, Reason = "StartError", Message = e.Message, FinishedAt = Now() },
                };
                await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);
                return false;
            }

            launch = LimitedLaunch.Wrap(launch, containerLimits, cgroup?.ProcsFiles ?? [], limits.PrlimitPath, limits.UsesRlimits);
            var started = Now();
            status.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = started } };
            var isMain = statusSet == statuses;
            status.Started = !(isMain && container.StartupProbe is not null);
            status.Ready = !(isMain && (container.ReadinessProbe is not null || container.StartupProbe is not null));
            var userModeNetwork = launch.Sandboxed && UsesUserModeNetwork(container);
            var privateNetwork = launch.Sandboxed && (userModeNetwork || NetworkImage(container)?.AllowsNetwork(container.Name) != true);
            if (isMain && !privateNetwork)
            {
                Volatile.Write(ref hostNetwork, 1);
            }

            if (isMain)
            {
                SetPhase("Running");
            }

            await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);

            ContainerExit exit;
            string? overLimit;
            var setupFailed = false;
            using (cgroup)
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var rootPid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                var limitWatch = WatchContainerAsync(container.Name, cgroup, containerLimits, rootPid.Task, stop);
                var probes = isMain ? ProbeContainerAsync(container, status, privateNetwork, rootPid.Task, stop) : Task.FromResult(false);
                var network = userModeNetwork ? AttachUserModeNetworkAsync(rootPid.Task, stop.Token) : Task.CompletedTask;
                var head = new SandboxSetupFailure();
                exit = await ContainerProcess.RunAsync(
                    launch,
                    (chunk, ct) =>
                    {
                        head.Observe(chunk.Span);
                        return logs.AppendAsync(Namespace, Name, container.Name, chunk, ct);
                    },
                    time,
                    stop.Token,
                    pid => rootPid.TrySetResult(pid)).ConfigureAwait(false);
                setupFailed = launch.Sandboxed && exit.ExitCode == SandboxSetupFailure.ExitCode && !exit.Killed && head.LooksLikeSetupFailure;
                rootPid.TrySetResult(0);
                await stop.CancelAsync().ConfigureAwait(false);
                await network.ConfigureAwait(false);
                overLimit = await limitWatch.ConfigureAwait(false);
                if (await probes.ConfigureAwait(false))
                {
                    // Killed for its liveness (or startup) probe: the container's own failure, restarted like a crash.
                    exit = exit with { Killed = false };
                }
                if (overLimit is null && cgroup?.OomKills() > 0)
                {
                    // The kernel killed a process of the container (not its first): the kubelet reports the container OOMKilled.
                    overLimit = "OOMKilled";
                }

                if (cgroup?.PeakMemoryBytes() is { } peak)
                {
                    logger.LogDebug("Container {Namespace}/{Pod}/{Container} used at most {PeakBytes} bytes of memory", Namespace, Name, container.Name, peak);
                }
            }

            if (setupFailed && overLimit is null && sandboxSetupRetries < SandboxSetupFailure.MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                // bubblewrap could not build the sandbox (e.g. "bwrap: loopback: Failed RTM_NEWADDR" on a busy host): the
                // container never ran. Like a kubelet whose pod sandbox could not be created, try again; not a failure.
                sandboxSetupRetries++;
                logger.LogWarning("Pod {Namespace}/{Pod}: the sandbox of container {Container} could not be set up; retrying ({Retry} of {Max})",
                    Namespace, Name, container.Name, sandboxSetupRetries, SandboxSetupFailure.MaxRetries);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * sandboxSetupRetries), time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (overLimit is not null)
            {
                // Stopped for a limit, not by the runner: it counts as the container's own failure (and may restart).
                exit = exit with { ExitCode = exit.Killed ? ContainerProcess.KilledExitCode : exit.ExitCode, Killed = exit.Killed && cancellationToken.IsCancellationRequested };
            }

            logger.LogDebug("Container {Namespace}/{Pod}/{Container} exited with {ExitCode}", Namespace, Name, container.Name, exit.ExitCode);

            status.Ready = false;
            status.Started = false;
            status.State = new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = exit.ExitCode,
                    Reason = overLimit ?? (exit.ExitCode == 0 ? "Completed" : "Error"),
                    StartedAt = exit.StartedAt,
                    FinishedAt = exit.FinishedAt,
                    ContainerID = status.ContainerID,
                },
            };
            // An init container runs to completion once: whatever the pod's policy, it is restarted only after a failure,
            // and not at all under Never. A regular container under Always restarts after any exit.
            var restart = !cancellationToken.IsCancellationRequested && (init
                ? exit.ExitCode != 0 && pod.Spec.RestartPolicy != "Never"
                : RestartsAlways || (exit.ExitCode != 0 && !exit.Killed && pod.Spec.RestartPolicy == "OnFailure"));
            if (!restart)
            {
                await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);
                return exit.ExitCode == 0;
            }

            // restartPolicy OnFailure (after a failure) or Always (after any exit): the kubelet restarts the container in place, with a growing delay.
            status.LastState = status.State;
            status.RestartCount++;
            Interlocked.Increment(ref restarts);
            status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off restarting failed container {container.Name}" } };
            await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);
            Changed?.Invoke();
            var delay = RestartsAlways
                ? JobStatusCalculator.RetryDelay(status.RestartCount, options.ContainerRestartBackoff, options.MaxContainerRestartBackoff)
                : JobStatusCalculator.RetryDelay(status.RestartCount, options.PodFailureBackoff, options.MaxPodFailureBackoff);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ContainerLaunch> PrepareAsync(
        V1Container container,
        Dictionary<string, (string HostPath, bool ReadOnly)> volumes,
        CancellationToken cancellationToken)
    {
        var env = await new PodConfigResolver(client, pod).EnvironmentAsync(container, cancellationToken).ConfigureAwait(false);
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in env)
        {
            known[name] = value;
        }

        var expanded = new V1Container
        {
            Name = container.Name,
            Image = container.Image,
            Command = container.Command?.Select(c => PodConfigResolver.Expand(c, known)).ToList(),
            Args = container.Args?.Select(a => PodConfigResolver.Expand(a, known)).ToList(),
            WorkingDir = container.WorkingDir,
            SecurityContext = container.SecurityContext,
        };

        var mounts = new List<SandboxMount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!volumes.TryGetValue(mount.Name, out var volume))
            {
                throw new ContainerConfigException(
                    "CreateContainerConfigError", $"Container '{container.Name}' mounts volume '{mount.Name}', which the pod does not declare.", false);
            }

            var host = string.IsNullOrEmpty(mount.SubPath) ? volume.HostPath : Path.GetFullPath(Path.Combine(volume.HostPath, mount.SubPath));
            if (!host.StartsWith(volume.HostPath, StringComparison.Ordinal))
            {
                throw new ContainerConfigException("CreateContainerConfigError", $"subPath '{mount.SubPath}' leaves volume '{mount.Name}'.", false);
            }

            if (!File.Exists(host))
            {
                Directory.CreateDirectory(host);
            }

            mounts.Add(new SandboxMount(host, mount.MountPath, volume.ReadOnly || mount.ReadOnlyProperty == true));
        }

        var scratch = Path.Combine(VolumeDirectory, ".work");
        var directWorkingDirectory = container.WorkingDir is { Length: > 0 } wd && Directory.Exists(wd) ? wd : scratch;
        Directory.CreateDirectory(scratch);
        var image = NetworkImage(container);
        var tmpfs = ContainerLimits.From(container, null).EphemeralStorageBytes;
        return ContainerLaunchBuilder.Build(Name, expanded, pod.Spec.SecurityContext, env, mounts, image, sandbox, directWorkingDirectory, tmpfs, UsesUserModeNetwork(expanded));
    }

    private async Task<T> WithConfigRetryAsync<T>(V1ContainerStatus? status, Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (ContainerConfigException e) when (e.Retryable)
            {
                // The kubelet keeps the pod Pending and retries until the ConfigMap or Secret shows up.
                if (status is not null)
                {
                    status.State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = e.Reason, Message = e.Message } };
                    await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);
                }

                logger.LogInformation("Pod {Namespace}/{Pod} waits: {Message}", Namespace, Name, e.Message);
                await Task.Delay(options.ConfigRetryInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task WithConfigRetryAsync(V1ContainerStatus? status, Func<Task> attempt, CancellationToken cancellationToken) =>
        WithConfigRetryAsync(status, async () =>
        {
            await attempt().ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private void SetPhase(string value)
    {
        if (Interlocked.Exchange(ref phase, value) != value)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>
    /// Stops the container when it goes over a limit no kernel mechanism stopped: an OOM kill in its cgroup (cgroup v1
    /// kills one process; the kubelet's v2 setting kills the group), or in rlimit mode its process tree's resident
    /// memory or process count. Returns the container's termination reason, or null.
    /// </summary>
    private async Task<string?> WatchContainerAsync(string containerName, ContainerCgroup? cgroup, ContainerLimits containerLimits, Task<int> rootPid, CancellationTokenSource stop)
    {
        if (cgroup is null && !(limits.UsesRlimits && (containerLimits.MemoryBytes is not null || containerLimits.Pids is not null)))
        {
            return null;
        }

        var pid = await rootPid.ConfigureAwait(false);
        while (!stop.IsCancellationRequested && pid > 0)
        {
            string? reason = null;
            string? message = null;
            if (cgroup is not null)
            {
                reason = cgroup.OomKills() > 0 ? "OOMKilled" : null;
            }
            else
            {
                var usage = ProcessTreeUsage.Read(pid);
                if (containerLimits.MemoryBytes is { } memory && usage.ResidentBytes > memory)
                {
                    (reason, message) = ("OOMKilled", $"resident memory {usage.ResidentBytes} bytes is over the limit {ContainerLimits.Bytes(memory)}");
                }
                else if (containerLimits.Pids is { } pids && usage.Processes > pids)
                {
                    (reason, message) = ("Error", $"{usage.Processes} processes are over the pids limit {pids}");
                }
            }

            if (reason is not null)
            {
                logger.LogInformation("Container {Namespace}/{Pod}/{Container} is stopped: {Reason} {Message}", Namespace, Name, containerName, reason, message ?? "");
                if (message is not null)
                {
                    await logs.AppendAsync(Namespace, Name, containerName, System.Text.Encoding.UTF8.GetBytes($"\nlocal runner: stopped the container: {message}\n"), CancellationToken.None)
                        .ConfigureAwait(false);
                }

                cgroup?.KillAll();
                await stop.CancelAsync().ConfigureAwait(false);
                return reason;
            }

            try
            {
                await Task.Delay(options.LimitSampleInterval, time, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>
    /// Evicts the pod, as the kubelet's eviction manager does, when an emptyDir holds more than its sizeLimit or its
    /// volumes together more than the pod's ephemeral-storage limit.
    /// </summary>
    private async Task WatchStorageAsync(CancellationToken podToken)
    {
        var podLimit = ContainerLimits.PodEphemeralStorage(pod.Spec);
        var sized = (pod.Spec.Volumes ?? [])
            .Where(v => v.EmptyDir?.SizeLimit is not null)
            .Select(v => (v.Name, Limit: (long)Math.Ceiling(v.EmptyDir.SizeLimit.ToDecimal()), Quantity: v.EmptyDir.SizeLimit.ToString()))
            .ToList();
        if ((podLimit is null && sized.Count == 0) || !limits.Enforces)
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(podToken, stopWatching.Token);
        while (!linked.IsCancellationRequested)
        {
            var walk = time.GetTimestamp();
            foreach (var (name, limit, quantity) in sized)
            {
                if (DirectoryUsage.Bytes(Path.Combine(VolumeDirectory, name)) > limit)
                {
                    Evict($"Usage of EmptyDir volume \"{name}\" exceeds the limit \"{quantity}\". ");
                    return;
                }
            }

            if (podLimit is { } total && DirectoryUsage.Bytes(VolumeDirectory) > total)
            {
                Evict($"Pod ephemeral local storage usage exceeds the total limit of containers {ContainerLimits.Bytes(total)}.");
                return;
            }

            try
            {
                await Task.Delay(StorageSampleDelay(time.GetElapsedTime(walk), options.LimitSampleInterval), time, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The pause before the next walk of the pod's volumes: the sample interval, or fifty times what the last walk took
    /// when that is longer (at most 10 s, the kubelet's own eviction period), so that a server pod with thousands of
    /// files in its volumes (an npm cache) costs at most about 2 % of a core, and a small one is still watched closely.
    /// </summary>
    internal static TimeSpan StorageSampleDelay(TimeSpan lastWalk, TimeSpan sampleInterval) =>
        TimeSpan.FromTicks(Math.Clamp(lastWalk.Ticks * 50, sampleInterval.Ticks, Math.Max(sampleInterval.Ticks, TimeSpan.FromSeconds(10).Ticks)));

    private void Evict(string message)
    {
        logger.LogInformation("Pod {Namespace}/{Pod} is evicted: {Message}", Namespace, Name, message);
        Kill("Evicted", message);
    }

    /// <summary>The pod's own activeDeadlineSeconds, counted from its start on the node (after it got a slot), as the kubelet counts it.</summary>
    private async Task WatchDeadlineAsync(CancellationToken podToken)
    {
        if (pod.Spec.ActiveDeadlineSeconds is not { } seconds)
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(podToken, stopWatching.Token);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), time, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        Kill("DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
    }

    private bool RestartsAlways => pod.Spec.RestartPolicy is null or "Always";

    /// <summary>
    /// Whether the container runs on the user-mode network (a namespace of its own with a route out) rather than the
    /// host's: a server pod's container whose image may use the network, where the sandbox has slirp4netns.
    /// </summary>
    private bool UsesUserModeNetwork(V1Container container) =>
        RestartsAlways && sandbox?.HasUserModeNetwork == true && LocalImageCatalog.Find(options.Images, container.Image)?.AllowsNetwork(container.Name) == true;

    /// <summary>The process under <paramref name="pid"/> in the container's network namespace (bubblewrap creates it a moment after it starts), or null.</summary>
    private async Task<int?> FindNetworkNamespaceAsync(int pid, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && !cancellationToken.IsCancellationRequested; i++)
        {
            if (Networking.PodNetwork.FindNamespacedDescendant(pid) is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Gives the container's namespace its route out (slirp4netns) for as long as the container runs.</summary>
    private async Task AttachUserModeNetworkAsync(Task<int> rootPid, CancellationToken stop)
    {
        try
        {
            var pid = await rootPid.ConfigureAwait(false);
            if (pid > 0 && await FindNetworkNamespaceAsync(pid, stop).ConfigureAwait(false) is { } namespacePid)
            {
                await Networking.UserModeNetwork.AttachAsync(sandbox!.Slirp4netnsPath!, namespacePid, $"{Namespace}/{Name}", logger, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The container ended before its namespace was found.
        }
    }

    /// <summary>
    /// The container's image mapping, as far as its network goes: a server pod (restartPolicy Always) shares the host's
    /// network when this process cannot enter pod namespaces (not root), or nothing could probe it or send it traffic.
    /// </summary>
    private LocalImage? NetworkImage(V1Container container)
    {
        var image = LocalImageCatalog.Find(options.Images, container.Image);
        if (!RestartsAlways || sandbox is null || Networking.PodNetwork.CanEnterNamespaces || image?.AllowsNetwork(container.Name) == true)
        {
            return image;
        }

        if (Interlocked.Exchange(ref hostNetworkWarned, 1) == 0)
        {
            logger.LogWarning(
                "Pod {Namespace}/{Pod} shares the host's network: without root the local kubelet cannot reach a private pod network, so its replicas share one port space",
                Namespace, Name);
        }

        return (image ?? new LocalImage()) with { AllowNetwork = true, NetworkContainers = null };
    }

    /// <summary>
    /// Learns the container's network namespace and runs its startup, readiness and liveness probes while it runs.
    /// Returns true when a failing liveness or startup probe killed it.
    /// </summary>
    private async Task<bool> ProbeContainerAsync(V1Container container, V1ContainerStatus status, bool privateNetwork, Task<int> rootPid, CancellationTokenSource stop)
    {
        var pid = await rootPid.ConfigureAwait(false);
        int? namespacePid = null;
        try
        {
            if (privateNetwork && pid > 0 && Networking.PodNetwork.CanEnterNamespaces)
            {
                namespacePid = await FindNetworkNamespaceAsync(pid, stop.Token).ConfigureAwait(false);
                if (namespacePid is { } found && container.Name == pod.Spec.Containers[0].Name)
                {
                    Volatile.Write(ref networkPid, found);
                    Changed?.Invoke();
                }
            }

            if (container.StartupProbe is { } startup)
            {
                if (!await ProbeUntilAsync(startup, container, namespacePid, stop.Token).ConfigureAwait(false))
                {
                    return await KillForProbeAsync(container, "Startup", stop).ConfigureAwait(false);
                }

                status.Started = true;
                if (container.ReadinessProbe is null)
                {
                    await SetReadyAsync(status, true).ConfigureAwait(false);
                }
            }

            var readiness = container.ReadinessProbe is { } probe ? WatchReadinessAsync(probe, container, status, namespacePid, stop.Token) : Task.CompletedTask;
            var alive = container.LivenessProbe is { } liveness ? await ProbeUntilAsync(liveness, container, namespacePid, stop.Token, untilFailure: true).ConfigureAwait(false) : true;
            if (!alive)
            {
                return await KillForProbeAsync(container, "Liveness", stop).ConfigureAwait(false);
            }

            await readiness.ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Probes every periodSeconds after initialDelaySeconds. Without <paramref name="untilFailure"/>: true at the first
    /// success, false after failureThreshold failures (a startup probe). With it: false after failureThreshold failures in a row.
    /// </summary>
    private async Task<bool> ProbeUntilAsync(V1Probe probe, V1Container container, int? namespacePid, CancellationToken cancellationToken, bool untilFailure = false)
    {
        await Task.Delay(TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0), time, cancellationToken).ConfigureAwait(false);
        var failures = 0;
        while (true)
        {
            var (success, message) = await Networking.ContainerProbe.TryAsync(probe, container, namespacePid, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (success && !untilFailure)
            {
                return true;
            }

            failures = success ? 0 : failures + 1;
            if (!success)
            {
                logger.LogDebug("Probe of {Namespace}/{Pod}/{Container} failed: {Message}", Namespace, Name, container.Name, message);
            }

            if (failures >= Math.Max(1, probe.FailureThreshold ?? 3))
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds ?? 10)), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WatchReadinessAsync(V1Probe probe, V1Container container, V1ContainerStatus status, int? namespacePid, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0), time, cancellationToken).ConfigureAwait(false);
        var (successes, failures) = (0, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (status.Started == true)
            {
                var (success, _) = await Networking.ContainerProbe.TryAsync(probe, container, namespacePid, cancellationToken).ConfigureAwait(false);
                (successes, failures) = success ? (successes + 1, 0) : (0, failures + 1);
                if (success && successes >= Math.Max(1, probe.SuccessThreshold ?? 1) && status.Ready != true)
                {
                    await SetReadyAsync(status, true).ConfigureAwait(false);
                }
                else if (!success && failures >= Math.Max(1, probe.FailureThreshold ?? 3) && status.Ready == true)
                {
                    await SetReadyAsync(status, false).ConfigureAwait(false);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds ?? 10)), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SetReadyAsync(V1ContainerStatus status, bool ready)
    {
        status.Ready = ready;
        await WriteStatusAsync(CancellationToken.None).ConfigureAwait(false);
        Changed?.Invoke();
    }

    private async Task<bool> KillForProbeAsync(V1Container container, string kind, CancellationTokenSource stop)
    {
        var message = $"{kind} probe failed; the container will be restarted.";
        logger.LogInformation("Container {Namespace}/{Pod}/{Container}: {Message}", Namespace, Name, container.Name, message);
        await logs.AppendAsync(Namespace, Name, container.Name, System.Text.Encoding.UTF8.GetBytes($"\nlocal kubelet: {message}\n"), CancellationToken.None)
            .ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        return true;
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    private V1ContainerStatus Waiting(V1Container container, string reason) => new()
    {
        Name = container.Name,
        Image = container.Image,
        ImageID = "",
        ContainerID = $"local://{pod.Uid()}/{container.Name}",
        Ready = false,
        Started = false,
        RestartCount = 0,
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason } },
    };

    private V1PodStatus BuildStatus()
    {
        var now = Now();
        var finished = Phase is "Succeeded" or "Failed";
        var ready = Phase == "Running" && statuses.Values.All(s => s.Ready);
        V1PodCondition Condition(string type, bool value, string? reason = null) =>
            new() { Type = type, Status = value ? "True" : "False", Reason = reason, LastTransitionTime = now };
        return new V1PodStatus
        {
            Phase = Phase,
            Reason = finished && Phase == "Failed" ? killReason ?? configFailure : null,
            Message = finished && Phase == "Failed" ? killMessage : null,
            HostIP = "127.0.0.1",
            PodIP = "127.0.0.1",
            PodIPs = [new V1PodIP { Ip = "127.0.0.1" }],
            StartTime = startTime,
            QosClass = "BestEffort",
            Conditions =
            [
                unschedulable is null
                    ? Condition("PodScheduled", true)
                    : new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = unschedulable, LastTransitionTime = now },
                Condition("Initialized", initialized || (pod.Spec.InitContainers?.Count ?? 0) == 0, initialized ? null : "ContainersNotInitialized"),
                Condition("ContainersReady", ready, ready ? null : finished ? "PodCompleted" : "ContainersNotReady"),
                Condition("Ready", ready, ready ? null : finished ? "PodCompleted" : "ContainersNotReady"),
            ],
            InitContainerStatuses = initStatuses.Count == 0 ? null : [.. initStatuses.Values],
            ContainerStatuses = [.. statuses.Values],
        };
    }

    private async Task WriteStatusAsync(CancellationToken cancellationToken)
    {
        await statusGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var target = pod;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                target.Status = BuildStatus();
                try
                {
                    pod = await client.CoreV1.ReplaceNamespacedPodStatusAsync(target, Name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                {
                    target = await client.CoreV1.ReadNamespacedPodAsync(Name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    Kill("Deleted", "The pod was deleted.");
                    return;
                }
            }

            logger.LogWarning("Gave up writing the status of pod {Namespace}/{Pod} after repeated conflicts", Namespace, Name);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            logger.LogWarning(e, "Could not write the status of pod {Namespace}/{Pod}", Namespace, Name);
        }
        finally
        {
            statusGate.Release();
        }
    }
}
