using System.Globalization;

namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>
/// The cgroup interface files that carry a container's limits and report what happened, for cgroup v2 and v1, as a
/// kubelet with runc writes them (memory without swap, CFS quota over a 100 ms period, pids, and on v2 the whole
/// group killed on OOM like Kubernetes 1.28+). Pure.
/// </summary>
public static class CgroupFiles
{
    /// <summary>CFS period in microseconds (runc's default).</summary>
    public const long CpuPeriodMicros = 100_000;

    /// <summary>The files to write, in order: (controller — empty on v2 —, file name, value).</summary>
    public static IReadOnlyList<(string Controller, string File, string Value)> Limits(int version, ContainerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var files = new List<(string, string, string)>();
        string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
        var quota = limits.CpuMillis is { } millis ? Math.Max(1000, millis * CpuPeriodMicros / 1000) : (long?)null;
        if (version == 2)
        {
            if (limits.MemoryBytes is { } memory)
            {
                files.Add(("", "memory.max", Number(memory)));
                files.Add(("", "memory.swap.max", "0"));
                files.Add(("", "memory.oom.group", "1"));
            }

            if (limits.Pids is { } pids)
            {
                files.Add(("", "pids.max", Number(pids)));
            }

            if (quota is { } q)
            {
                files.Add(("", "cpu.max", $"{Number(q)} {Number(CpuPeriodMicros)}"));
            }
        }
        else
        {
            if (limits.MemoryBytes is { } memory)
            {
                files.Add(("memory", "memory.limit_in_bytes", Number(memory)));
                files.Add(("memory", "memory.memsw.limit_in_bytes", Number(memory)));
            }

            if (limits.Pids is { } pids)
            {
                files.Add(("pids", "pids.max", Number(pids)));
            }

            if (quota is { } q)
            {
                files.Add(("cpu", "cpu.cfs_period_us", Number(CpuPeriodMicros)));
                files.Add(("cpu", "cpu.cfs_quota_us", Number(q)));
            }
        }

        return files;
    }

    /// <summary>Where the count of OOM kills is: v2 <c>memory.events</c>, v1 <c>memory.oom_control</c>.</summary>
    public static (string Controller, string File) OomKillCounter(int version) => version == 2 ? ("", "memory.events") : ("memory", "memory.oom_control");

    /// <summary>Peak memory: v2 <c>memory.peak</c>, v1 <c>memory.max_usage_in_bytes</c>.</summary>
    public static (string Controller, string File) PeakMemory(int version) => version == 2 ? ("", "memory.peak") : ("memory", "memory.max_usage_in_bytes");

    /// <summary>The <c>oom_kill N</c> line of <c>memory.events</c> or <c>memory.oom_control</c>; 0 when absent.</summary>
    public static long OomKills(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == "oom_kill" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return count;
            }
        }

        return 0;
    }
}
