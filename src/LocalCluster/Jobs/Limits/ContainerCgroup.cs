using System.Globalization;
using System.Runtime.InteropServices;

namespace DynamoMcp.LocalCluster.Jobs.Limits;

/// <summary>
/// One container's cgroup (a folder per hierarchy on v1): the <c>cgroup.procs</c> files its launcher joins before it
/// starts anything, what happened inside (OOM kills, peak memory), and removal when the container ends.
/// </summary>
public sealed class ContainerCgroup : IDisposable
{
    private const int SigKill = 9;
    private readonly int version;
    private readonly IReadOnlyDictionary<string, string> directories;

    internal ContainerCgroup(int version, IReadOnlyDictionary<string, string> directories)
    {
        (this.version, this.directories) = (version, directories);
    }

    /// <summary>The <c>cgroup.procs</c> files the container's first process writes its pid to.</summary>
    public IReadOnlyList<string> ProcsFiles => [.. directories.Values.Select(d => Path.Combine(d, "cgroup.procs"))];

    /// <summary>How many processes the kernel killed for going over the memory limit.</summary>
    public long OomKills()
    {
        var (controller, file) = CgroupFiles.OomKillCounter(version);
        return Read(controller, file) is { } text ? CgroupFiles.OomKills(text) : 0;
    }

    /// <summary>The most memory the container used at once, in bytes, when the kernel reports it.</summary>
    public long? PeakMemoryBytes()
    {
        var (controller, file) = CgroupFiles.PeakMemory(version);
        return long.TryParse(Read(controller, file)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
    }

    /// <summary>Kills every process left in the cgroup (v2: <c>cgroup.kill</c>; v1: each listed pid).</summary>
    public void KillAll()
    {
        foreach (var directory in directories.Values)
        {
            var kill = Path.Combine(directory, "cgroup.kill");
            if (File.Exists(kill))
            {
                TryWrite(kill, "1");
                continue;
            }

            foreach (var line in ReadLines(Path.Combine(directory, "cgroup.procs")))
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 1)
                {
                    _ = KillSystemCall(pid, SigKill);
                }
            }
        }
    }

    public void Dispose()
    {
        KillAll();
        foreach (var directory in directories.Values)
        {
            RemoveDirectory(directory);
        }
    }

    /// <summary>Removes an empty cgroup folder, waiting briefly for killed processes to leave it.</summary>
    internal static void RemoveDirectory(string directory)
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(directory); attempt++)
        {
            try
            {
                // A cgroup folder is removed with rmdir even though it lists interface files.
                Directory.Delete(directory);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(20);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    private string? Read(string controller, string file)
    {
        try
        {
            return directories.TryGetValue(controller, out var directory) ? File.ReadAllText(Path.Combine(directory, file)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code enabled for the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillSystemCall(int pid, int signal);
}
