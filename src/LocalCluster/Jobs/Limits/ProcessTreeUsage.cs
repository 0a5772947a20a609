using System.Globalization;

namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>
/// The processes descending from one host process and their resident memory, read from /proc: how the runner
/// measures a container where no cgroup counts for it (rlimit mode).
/// </summary>
/// <param name="Processes">The root and its descendants still alive.</param>
/// <param name="ResidentBytes">Their resident memory together.</param>
public readonly record struct ProcessTreeUsage(int Processes, long ResidentBytes)
{
    private static readonly long PageSize = Environment.SystemPageSize;

    /// <summary>Reads the tree under <paramref name="rootPid"/> (zero when it is gone).</summary>
    public static ProcessTreeUsage Read(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ParentOf(directory) is not { } parent)
            {
                continue;
            }

            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(pid);
        }

        var (count, resident) = (0, 0L);
        var pending = new Stack<int>([rootPid]);
        while (pending.TryPop(out var pid))
        {
            if (!Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            count++;
            resident += ResidentOf(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Push(child);
            }
        }

        return new ProcessTreeUsage(count, resident);
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
    private static int? ParentOf(string directory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    // /proc/<pid>/statm: "size resident shared ..." in pages.
    private static long ResidentOf(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return fields.Length > 1 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages) ? pages * PageSize : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
