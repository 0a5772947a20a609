namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>
/// What holds containers to their limits on this machine, chosen once when the runner starts
/// (<see cref="LocalJobRunnerOptions.ResourceControl"/>): cgroups, or per-process rlimits, or nothing; plus what that
/// choice cannot enforce, for the log and the user. The runner itself samples what no kernel limit covers.
/// </summary>
public sealed class LimitEnforcement : IDisposable
{
    private LimitEnforcement(CgroupHost? cgroups, string? prlimitPath, string description)
    {
        (Cgroups, PrlimitPath, Description) = (cgroups, prlimitPath, description);
    }

    /// <summary>The cgroup subtree containers get their cgroups in, or null (rlimits or nothing).</summary>
    public CgroupHost? Cgroups { get; }

    /// <summary>util-linux <c>prlimit</c>, which sets the container's rlimits, or null when missing or limits are off.</summary>
    public string? PrlimitPath { get; }

    /// <summary>Whether memory and process counts come from rlimits and sampling rather than cgroups.</summary>
    public bool UsesRlimits => Cgroups is null && PrlimitPath is not null;

    /// <summary>Whether any limit is enforced.</summary>
    public bool Enforces => Cgroups is not null || PrlimitPath is not null;

    /// <summary>One sentence: the mechanism, what it holds and what it cannot.</summary>
    public string Description { get; }

    /// <summary>No enforcement.</summary>
    public static LimitEnforcement Off(string why) => new(null, null, $"resource limits are NOT enforced ({why}): a container may use all memory, processes, CPU and disk of this machine");

    /// <summary>Detects what this machine offers for <paramref name="mode"/>; throws when <see cref="ResourceControlMode.Cgroup"/> cannot be had.</summary>
    public static LimitEnforcement Detect(ResourceControlMode mode, string prlimitPath)
    {
        if (mode == ResourceControlMode.None)
        {
            return Off("ResourceControl is None");
        }

        if (!OperatingSystem.IsLinux())
        {
            return Off("not Linux");
        }

        var prlimit = File.Exists(prlimitPath) ? prlimitPath : null;
        var whyNot = "ResourceControl is Rlimits";
        if (mode != ResourceControlMode.Rlimits)
        {
            var cgroups = CgroupHost.TryCreate(ReadOrEmpty("/proc/self/cgroup"), ReadOrEmpty("/proc/self/mountinfo"), out whyNot);
            if (cgroups is not null)
            {
                var cpu = cgroups.EnforcesCpu ? "" : "; cpu is not limited (no cpu controller)";
                return new LimitEnforcement(cgroups, prlimit,
                    $"limits are enforced with {cgroups.Describe()}; a container over its memory limit is OOMKilled; ephemeral storage is sampled by the runner " +
                    $"(a pod over its limit is Evicted while it writes), and no single file may exceed it{cpu}");
            }

            if (mode == ResourceControlMode.Cgroup)
            {
                throw new InvalidOperationException($"ResourceControl is Cgroup but cgroups cannot be used here: {whyNot}.");
            }
        }

        if (prlimit is null)
        {
            return Off($"no usable cgroups ({whyNot}) and {prlimitPath} is missing (apt-get install util-linux)");
        }

        return new LimitEnforcement(null, prlimit,
            $"limits are enforced with rlimits (no usable cgroups: {whyNot}): memory per process (RLIMIT_DATA) and the runner's sampling of the container's " +
            "total resident memory (OOMKilled when over), processes with RLIMIT_NPROC (which the kernel does not apply to root) and sampling, " +
            "ephemeral storage by sampling and a per-file cap; cpu is bounded only by the deadline");
    }

    public void Dispose() => Cgroups?.Dispose();

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
