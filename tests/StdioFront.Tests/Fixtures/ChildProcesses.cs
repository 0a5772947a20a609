namespace DynamoMcp.StdioFront.Tests.Fixtures;

/// <summary>Reads /proc for the processes that run in a given working directory (the host-side view of a front's children).</summary>
internal static class ChildProcesses
{
    public static IReadOnlyList<int> InWorkingDirectory(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                if (new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget is { } cwd && cwd.TrimEnd('/') == directory.TrimEnd('/') && !IsZombie(entry))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return found;
    }

    public static bool IsRunning(int pid)
    {
        var entry = $"/proc/{pid}";
        try
        {
            return Directory.Exists(entry) && !IsZombie(entry);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsZombie(string entry)
    {
        // /proc/<pid>/stat: "pid (comm) S ..." — the state follows the last ')'.
        var stat = File.ReadAllText(Path.Combine(entry, "stat"));
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
    }
}
