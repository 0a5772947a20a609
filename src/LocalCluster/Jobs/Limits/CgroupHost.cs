using System.Globalization;

namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>
/// The runner's own cgroup subtree, <c>dynamo-mcp-&lt;id&gt;</c> under this process's cgroup, in which every container
/// gets a child cgroup with its limits. Found by <see cref="TryCreate"/>: cgroup v2 where this process may enable the
/// memory and pids controllers for children (the root cgroup of a container, or a delegated cgroup it holds alone:
/// then it first moves itself into a leaf, as the no-internal-processes rule asks), else cgroup v1 hierarchies of
/// memory and pids it may write (cpu when present).
/// </summary>
public sealed class CgroupHost : IDisposable
{
    private const string RunnerLeaf = "dynamo-mcp-runner";

    private CgroupHost(int version, IReadOnlyDictionary<string, string> directories)
    {
        (Version, Directories) = (version, directories);
    }

    /// <summary>2 or 1.</summary>
    public int Version { get; }

    /// <summary>Controller (empty on v2) → the runner's folder.</summary>
    public IReadOnlyDictionary<string, string> Directories { get; }

    /// <summary>Whether CPU limits hold (v1 needs the cpu hierarchy; v2 the cpu controller).</summary>
    public bool EnforcesCpu => Version == 2 ? File.Exists(Path.Combine(Directories[""], "cpu.max")) || ControllerEnabled("cpu") : Directories.ContainsKey("cpu");

    /// <summary>A sentence for logs and --help: which cgroups, which limits.</summary>
    public string Describe() =>
        $"cgroup v{Version} ({string.Join(", ", Directories.Values.Distinct(StringComparer.Ordinal))}): memory, pids{(EnforcesCpu ? ", cpu" : "")}";

    /// <summary>The runner's subtree, or null with the reason cgroups cannot be used here.</summary>
    public static CgroupHost? TryCreate(string procSelfCgroup, string mountInfo, out string whyNot)
    {
        var layout = CgroupLayout.Parse(procSelfCgroup, mountInfo);
        var name = "dynamo-mcp-" + Guid.NewGuid().ToString("N")[..8];
        var reasons = new List<string>();
        if (layout.Unified is { } unified && TryUnified(unified, name, reasons) is { } v2)
        {
            whyNot = "";
            return v2;
        }

        if (layout.Legacy.ContainsKey("memory") && layout.Legacy.ContainsKey("pids") && TryLegacy(layout, name, reasons) is { } v1)
        {
            whyNot = "";
            return v1;
        }

        if (layout.Unified is null && layout.Legacy.Count == 0)
        {
            reasons.Add("no cgroup file system is mounted");
        }

        whyNot = string.Join("; ", reasons);
        return null;
    }

    /// <summary>Creates the cgroup of one container with its limits.</summary>
    public ContainerCgroup CreateContainer(string name, ContainerLimits limits)
    {
        var directories = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (controller, parent) in Directories)
            {
                var directory = Path.Combine(parent, name);
                Directory.CreateDirectory(directory);
                directories[controller] = directory;
            }

            foreach (var (controller, file, value) in CgroupFiles.Limits(Version, limits))
            {
                if (!directories.TryGetValue(controller, out var directory))
                {
                    continue;
                }

                var path = Path.Combine(directory, file);
                // memsw exists only with swap accounting; oom.group and swap.max only on newer kernels.
                if (File.Exists(path))
                {
                    File.WriteAllText(path, value);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            new ContainerCgroup(Version, directories).Dispose();
            throw new ContainerConfigException("CreateContainerError", $"Could not create the container's cgroup to enforce its limits: {e.Message}", retryable: false);
        }

        return new ContainerCgroup(Version, directories);
    }

    /// <summary>Removes the runner's folders (the containers' are removed as they end).</summary>
    public void Dispose()
    {
        foreach (var directory in Directories.Values)
        {
            ContainerCgroup.RemoveDirectory(directory);
        }
    }

    private bool ControllerEnabled(string controller) =>
        Version == 2 && ReadWords(Path.Combine(Directories[""], "cgroup.subtree_control")).Contains(controller);

    private static CgroupHost? TryUnified(string own, string name, List<string> reasons)
    {
        var available = ReadWords(Path.Combine(own, "cgroup.controllers"));
        if (!available.Contains("memory") || !available.Contains("pids"))
        {
            reasons.Add($"cgroup v2 at {own} does not offer the memory and pids controllers (it offers: {string.Join(' ', available)})");
            return null;
        }

        try
        {
            var enabled = ReadWords(Path.Combine(own, "cgroup.subtree_control"));
            if (!enabled.Contains("memory") || !enabled.Contains("pids"))
            {
                // No internal processes: a cgroup that hands controllers to children may hold no process itself.
                var members = File.ReadAllLines(Path.Combine(own, "cgroup.procs")).Where(l => l.Length > 0).ToList();
                var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
                if (own != "/sys/fs/cgroup" && members.Any(m => m != self))
                {
                    reasons.Add($"cgroup v2 at {own} is shared with {members.Count - 1} other process(es), so this process cannot delegate controllers from it (run it in its own delegated cgroup, e.g. systemd-run --user --scope -p Delegate=yes)");
                    return null;
                }

                if (own != "/sys/fs/cgroup")
                {
                    var leaf = Path.Combine(own, RunnerLeaf);
                    Directory.CreateDirectory(leaf);
                    File.WriteAllText(Path.Combine(leaf, "cgroup.procs"), self);
                }

                Enable(own, available);
            }

            var runner = Path.Combine(own, name);
            Directory.CreateDirectory(runner);
            Enable(runner, available);
            return new CgroupHost(2, new Dictionary<string, string>(StringComparer.Ordinal) { [""] = runner });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reasons.Add($"cgroup v2 at {own} is not writable by this process ({e.Message})");
            return null;
        }
    }

    private static void Enable(string directory, IReadOnlyCollection<string> available)
    {
        var control = Path.Combine(directory, "cgroup.subtree_control");
        File.WriteAllText(control, "+memory +pids");
        if (available.Contains("cpu"))
        {
            try
            {
                File.WriteAllText(control, "+cpu");
            }
            catch (IOException)
            {
                // cpu cannot be enabled (e.g. real-time threads in the tree): limits other than cpu still hold.
            }
        }
    }

    private static CgroupHost? TryLegacy(CgroupLayout layout, string name, List<string> reasons)
    {
        var directories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (controller, own) in layout.Legacy)
        {
            var runner = Path.Combine(own, name);
            try
            {
                Directory.CreateDirectory(runner);
                if (!File.Exists(Path.Combine(runner, "cgroup.procs")))
                {
                    throw new IOException($"{runner} is no cgroup folder");
                }

                directories[controller] = runner;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (controller != "cpu")
                {
                    foreach (var created in directories.Values)
                    {
                        ContainerCgroup.RemoveDirectory(created);
                    }

                    reasons.Add($"cgroup v1 {controller} at {own} is not writable by this process ({e.Message})");
                    return null;
                }
            }
        }

        return new CgroupHost(1, directories);
    }

    private static HashSet<string> ReadWords(string path)
    {
        try
        {
            return [.. File.ReadAllText(path).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
