namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>How the local runner enforces containers' resource limits (<see cref="LocalJobRunnerOptions.ResourceControl"/>).</summary>
public enum ResourceControlMode
{
    /// <summary>cgroup v2 where this process may create child cgroups with the memory and pids controllers, else cgroup v1 likewise, else rlimits.</summary>
    Auto,

    /// <summary>cgroups (v2, else v1) or refuse to start: for machines where limits must hold.</summary>
    Cgroup,

    /// <summary>Per-process rlimits (prlimit) only, plus the runner's sampling of memory, processes and storage.</summary>
    Rlimits,

    /// <summary>No limits: the container may use the whole machine.</summary>
    None,
}
