using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// Runs one <see cref="ContainerLaunch"/> as a host process in its own session, streams its stdout and stderr to a
/// sink as they arrive, and on cancellation kills its whole process group (bubblewrap's --die-with-parent then
/// takes down everything in the sandbox's pid namespace).
/// </summary>
internal static class ContainerProcess
{
    private const string SetsidPath = "/usr/bin/setsid";
    private const int SigKill = 9;

    /// <summary>Exit code Kubernetes reports for a container killed with SIGKILL.</summary>
    public const int KilledExitCode = 137;

    /// <summary>Starts the process and waits for it; cancelling the token kills it and still returns its exit.</summary>
    /// <param name="launch">What to run.</param>
    /// <param name="output">Receives stdout and stderr as they arrive.</param>
    /// <param name="time">The clock of start and finish times.</param>
    /// <param name="cancellationToken">Kills the process group.</param>
    /// <param name="started">Told the host pid once the process runs (the runner samples its process tree).</param>
    public static async Task<ContainerExit> RunAsync(
        ContainerLaunch launch,
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> output,
        TimeProvider time,
        CancellationToken cancellationToken,
        Action<int>? started = null)
    {
        var useSetsid = File.Exists(SetsidPath);
        var info = new ProcessStartInfo
        {
            FileName = useSetsid ? SetsidPath : launch.FileName,
            WorkingDirectory = launch.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (useSetsid)
        {
            info.ArgumentList.Add(launch.FileName);
        }

        foreach (var argument in launch.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Never the runner's own environment: it may hold credentials.
        info.Environment.Clear();
        foreach (var (name, value) in launch.Environment)
        {
            info.Environment[name] = value;
        }

        using var process = new Process { StartInfo = info };
        var startedAt = time.GetUtcNow().UtcDateTime;
        await ProcessLauncher.StartAsync(process).ConfigureAwait(false);
        started?.Invoke(process.Id);
        process.StandardInput.Close();

        var gate = new SemaphoreSlim(1, 1);
        async Task PumpAsync(Stream stream)
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    await output(buffer.AsMemory(0, read), CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }
        }

        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream), PumpAsync(process.StandardError.BaseStream));
        var killed = false;
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            Kill(process, useSetsid);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var finishedAt = time.GetUtcNow().UtcDateTime;

        // Leftover children of an unsandboxed process may hold the pipes open; the group kill ends those too
        // (in a sandbox, the end of bwrap ends its pid namespace).
        if (!launch.Sandboxed)
        {
            Kill(process, useSetsid);
        }

        try
        {
            await pumps.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        return new ContainerExit(killed ? KilledExitCode : process.ExitCode, startedAt, finishedAt, killed);
    }

    private static void Kill(Process process, bool ownGroup)
    {
        if (ownGroup)
        {
            // setsid made the process leader of its own group: a negative pid signals all of it.
            _ = KillSystemCall(-process.Id, SigKill);
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code enabled for the whole project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillSystemCall(int pid, int signal);
}
