using System.Globalization;

namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>
/// Wraps a container's launch so that its limits hold from its first instruction: a shell writes its own pid into the
/// container's cgroups (so nothing forks before it is inside them), then execs util-linux <c>prlimit</c> with the
/// rlimits, which execs the launch (bubblewrap). Pure.
/// </summary>
public static class LimitedLaunch
{
    /// <summary>Exit code of the wrapper when it cannot join a cgroup (nothing of the container ran).</summary>
    public const int JoinFailedExitCode = 125;

    private const string Shell = "/bin/sh";

    // $1: how many cgroup.procs files follow; then the files; then the command.
    private static readonly string JoinScript =
        $"n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit {JoinFailedExitCode}; shift; n=$((n-1)); done; exec \"$@\"";

    /// <summary>The launch under its limits; unchanged when there is nothing to join and no prlimit.</summary>
    /// <param name="launch">The container's launch (bubblewrap or direct).</param>
    /// <param name="limits">The container's limits.</param>
    /// <param name="procsFiles">The container's cgroup.procs files (none without cgroups).</param>
    /// <param name="prlimitPath">util-linux prlimit, or null for no rlimits.</param>
    /// <param name="memoryAndPidsByRlimit">Whether memory and processes are limited by rlimits (no cgroups) too.</param>
    public static ContainerLaunch Wrap(ContainerLaunch launch, ContainerLimits limits, IReadOnlyList<string> procsFiles, string? prlimitPath, bool memoryAndPidsByRlimit)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(procsFiles);
        var command = new List<string>();
        if (prlimitPath is not null)
        {
            command.AddRange([prlimitPath, "--core=0"]);
            if (limits.EphemeralStorageBytes is { } storage)
            {
                command.Add("--fsize=" + Number(storage));
            }

            if (memoryAndPidsByRlimit && limits.MemoryBytes is { } memory)
            {
                command.Add("--data=" + Number(memory));
            }

            if (memoryAndPidsByRlimit && limits.Pids is { } pids)
            {
                command.Add("--nproc=" + Number(pids));
            }

            command.Add("--");
        }

        command.Add(launch.FileName);
        command.AddRange(launch.Arguments);
        if (procsFiles.Count == 0)
        {
            return prlimitPath is null ? launch : launch with { FileName = command[0], Arguments = command[1..] };
        }

        return launch with
        {
            FileName = Shell,
            Arguments = ["-c", JoinScript, "dynamo-mcp-join", Number(procsFiles.Count), .. procsFiles, .. command],
        };
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
