using DynamoMcp.LocalCluster.Jobs.Limits;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>Settings of <see cref="LocalJobRunner"/>.</summary>
public sealed class LocalJobRunnerOptions
{
    /// <summary>
    /// Local stand-ins for container images, keyed by image name without tag or digest (<c>ghcr.io/acme/generator</c>);
    /// a key ending in <c>*</c> matches every image starting with the rest. Unmapped images run their command on the host.
    /// </summary>
    public IDictionary<string, LocalImage> Images { get; } = new Dictionary<string, LocalImage>(StringComparer.Ordinal);

    /// <summary>
    /// Host paths bound read-only into every sandboxed container whatever its image (host path → path inside): what the
    /// node gives all pods, such as local mode's stdio front and the .NET runtime it needs.
    /// </summary>
    public IDictionary<string, string> SharedReadOnlyBinds { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Runs containers inside bubblewrap when it is installed; turn off only where namespaces are unavailable.</summary>
    public bool UseSandbox { get; set; } = true;

    /// <summary>Where bubblewrap is looked for.</summary>
    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>
    /// How containers are held to their <c>resources.limits</c> (cpu, memory, ephemeral-storage) and the pids limit:
    /// <see cref="ResourceControlMode.Auto"/> takes cgroups where this process may create them, else rlimits.
    /// </summary>
    public ResourceControlMode ResourceControl { get; set; } = ResourceControlMode.Auto;

    /// <summary>util-linux prlimit, which applies the rlimits (file size always; memory and processes without cgroups).</summary>
    public string PrlimitPath { get; set; } = "/usr/bin/prlimit";

    /// <summary>
    /// slirp4netns (Debian: apt-get install slirp4netns). With it, and root to enter pod namespaces, a server pod whose
    /// image may use the network keeps a network namespace of its own with a user-mode route out and no access to the
    /// host's loopback; without it such pods share the host's network (and its ports). Null turns it off.
    /// </summary>
    public string? Slirp4netnsPath { get; set; } = "/usr/bin/slirp4netns";

    /// <summary>Most processes (threads included) one container may run at once, like the kubelet's podPidsLimit; null for none.</summary>
    public int? PodPidsLimit { get; set; } = 1024;

    /// <summary>How often the runner samples what no kernel limit covers: a pod's emptyDir bytes, and memory and processes in rlimit mode.</summary>
    public TimeSpan LimitSampleInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>At most this many pods run at once; the others stay Pending until a slot frees up.</summary>
    public int MaxParallelPods { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Delay before the first retry of a failed pod; doubles per failure like the Job controller's (10 s there).</summary>
    public TimeSpan PodFailureBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound of the retry delay (6 minutes in Kubernetes).</summary>
    public TimeSpan MaxPodFailureBackoff { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>
    /// Delay before a restartPolicy Always container (a Deployment's) starts again after it exited, doubling per restart
    /// (CrashLoopBackOff); the kubelet's is 10 s. Tests set it low.
    /// </summary>
    public TimeSpan ContainerRestartBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound of <see cref="ContainerRestartBackoff"/> (5 minutes in the kubelet).</summary>
    public TimeSpan MaxContainerRestartBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a container whose env or volumes cannot be resolved yet waits before the next try.</summary>
    public TimeSpan ConfigRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Folder that holds the pods' emptyDir, configMap and secret volumes (a temp folder when null).</summary>
    public string? VolumeRoot { get; set; }

    /// <summary>Written into <c>spec.nodeName</c> of the pods the runner creates.</summary>
    public string NodeName { get; set; } = "localcluster";

    /// <summary>Server-side timeout of each watch request; the runner re-watches from the last resourceVersion after it.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Entries of the host's /etc bound read-only into the sandbox (missing ones are skipped).</summary>
    public IList<string> EtcEntries { get; } =
    [
        "passwd", "group", "nsswitch.conf", "hosts", "resolv.conf", "host.conf", "localtime", "ld.so.cache", "ld.so.conf",
        "ld.so.conf.d", "alternatives", "ssl", "ca-certificates", "ca-certificates.conf", "mime.types", "gitconfig",
        "python3", "python3.11", "python3.12", "python3.13",
    ];

    /// <summary>Fails fast on settings that cannot work.</summary>
    public void Validate()
    {
        if (MaxParallelPods < 1)
        {
            throw new ArgumentException($"LocalJobRunnerOptions.MaxParallelPods is {MaxParallelPods}; set it to 1 or more.");
        }

        if (PodPidsLimit is < 1 || LimitSampleInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("LocalJobRunnerOptions.PodPidsLimit must be at least 1 (or null) and LimitSampleInterval positive.");
        }

        if (PodFailureBackoff < TimeSpan.Zero || MaxPodFailureBackoff < PodFailureBackoff)
        {
            throw new ArgumentException("LocalJobRunnerOptions.PodFailureBackoff must be >= 0 and <= MaxPodFailureBackoff.");
        }

        if (ContainerRestartBackoff < TimeSpan.Zero || MaxContainerRestartBackoff < ContainerRestartBackoff)
        {
            throw new ArgumentException("LocalJobRunnerOptions.ContainerRestartBackoff must be >= 0 and <= MaxContainerRestartBackoff.");
        }

        foreach (var (name, image) in Images)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("LocalJobRunnerOptions.Images has an empty image name; use the image reference without tag.");
            }

            foreach (var (host, container) in image.ReadOnlyBinds)
            {
                if (!Path.IsPathRooted(host) || !container.StartsWith('/'))
                {
                    throw new ArgumentException($"Image '{name}' binds '{host}' to '{container}'; both paths must be absolute.");
                }
            }
        }
    }
}
