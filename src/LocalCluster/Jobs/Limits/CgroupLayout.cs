namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>
/// Where this process's own cgroups are, read from <c>/proc/self/cgroup</c> and <c>/proc/self/mountinfo</c>: the
/// cgroup v2 folder, and the cgroup v1 folder of each controller the runner uses (memory, pids, cpu). Pure.
/// </summary>
/// <param name="Unified">This process's cgroup v2 folder, or null when no cgroup2 file system is mounted.</param>
/// <param name="Legacy">Controller → this process's cgroup v1 folder of that controller.</param>
public sealed record CgroupLayout(string? Unified, IReadOnlyDictionary<string, string> Legacy)
{
    /// <summary>The v1 controllers the runner writes limits to; cpu is optional.</summary>
    public static readonly IReadOnlyList<string> Controllers = ["memory", "pids", "cpu"];

    /// <summary>Parses the two files' text.</summary>
    public static CgroupLayout Parse(string procSelfCgroup, string mountInfo)
    {
        ArgumentNullException.ThrowIfNull(procSelfCgroup);
        ArgumentNullException.ThrowIfNull(mountInfo);
        string? unifiedPath = null;
        var legacyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in procSelfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // hierarchy-id:controller-list:path
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[0] == "0" && parts[1].Length == 0)
            {
                unifiedPath = parts[2];
            }

            foreach (var controller in parts[1].Split(','))
            {
                if (Controllers.Contains(controller))
                {
                    legacyPaths[controller] = parts[2];
                }
            }
        }

        string? unified = null;
        var legacy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mount-point options [optional fields] - fstype source super-options
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 3 > fields.Length)
            {
                continue;
            }

            var (root, mountPoint, type) = (Unescape(fields[3]), Unescape(fields[4]), fields[separator + 1]);
            if (type == "cgroup2" && unifiedPath is not null && unified is null && Relative(unifiedPath, root) is { } relative)
            {
                unified = Join(mountPoint, relative);
            }
            else if (type == "cgroup" && separator + 3 < fields.Length + 1)
            {
                var options = fields[^1].Split(',');
                foreach (var controller in Controllers.Where(c => options.Contains(c) && legacyPaths.ContainsKey(c) && !legacy.ContainsKey(c)))
                {
                    if (Relative(legacyPaths[controller], root) is { } path)
                    {
                        legacy[controller] = Join(mountPoint, path);
                    }
                }
            }
        }

        return new CgroupLayout(unified, legacy);
    }

    // A cgroup namespace shows paths relative to the mount's root; "/" mounts show them whole.
    private static string? Relative(string path, string root) =>
        root == "/" ? path
        : path == root ? "/"
        : path.StartsWith(root + "/", StringComparison.Ordinal) ? path[root.Length..]
        : path.StartsWith('/') && !path.StartsWith("/..", StringComparison.Ordinal) ? path
        : null;

    private static string Join(string mountPoint, string path) => path == "/" ? mountPoint : mountPoint.TrimEnd('/') + path;

    private static string Unescape(string field) => field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal);
}
