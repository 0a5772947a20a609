using System.Globalization;
using System.Text;

namespace DynamoMcp;

/// <summary>
/// Watches the host, not the runner: every few milliseconds it finds the processes whose command line holds a marker
/// (a hostile script's own argument) and records the most of them alive at once and their largest anonymous resident memory
/// together, and optionally the bytes under a host folder. What the limit tests assert on. Linked into every test project.
/// </summary>
internal sealed class HostProcessSampler : IAsyncDisposable
{
    private readonly string marker;
    private readonly string? folder;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public HostProcessSampler(string marker, string? folder = null)
    {
        (this.marker, this.folder) = (marker, folder);
        loop = Task.Run(RunAsync);
    }

    public int PeakProcesses { get; private set; }

    public long PeakResidentBytes { get; private set; }

    public long PeakFolderBytes { get; private set; }

    public int Samples { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    /// <summary>Stops sampling and returns once the last sample is in.</summary>
    public Task StopAsync()
    {
        stop.Cancel();
        return loop;
    }

    private async Task RunAsync()
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        while (!stop.IsCancellationRequested)
        {
            var (count, resident) = (0, 0L);
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    continue;
                }

                try
                {
                    if (File.ReadAllBytes(Path.Combine(directory, "cmdline")).AsSpan().IndexOf(needle) < 0)
                    {
                        continue;
                    }

                    count++;
                    resident += AnonymousResidentBytes(directory);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The process ended between listing and reading.
                }
            }

            PeakProcesses = Math.Max(PeakProcesses, count);
            PeakResidentBytes = Math.Max(PeakResidentBytes, resident);
            if (folder is not null)
            {
                PeakFolderBytes = Math.Max(PeakFolderBytes, FolderBytes(folder));
            }

            Samples++;
            try
            {
                await Task.Delay(5, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    // RssAnon: memory the process itself holds (what a memory cgroup charges it for); shared library pages are not its own.
    private static long AnonymousResidentBytes(string directory)
    {
        foreach (var line in File.ReadLines(Path.Combine(directory, "status")))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                return long.Parse(line[8..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static long FolderBytes(string path)
    {
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
            {
                try
                {
                    total += file.Length;
                }
                catch (IOException)
                {
                }
            }
        }
        catch (IOException)
        {
        }

        return total;
    }
}
