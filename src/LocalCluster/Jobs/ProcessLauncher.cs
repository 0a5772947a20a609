using System.Collections.Concurrent;
using System.Diagnostics;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// Starts processes from one thread that lives as long as this process. Linux sends a child's parent-death signal
/// (<c>PR_SET_PDEATHSIG</c>, which bubblewrap's <c>--die-with-parent</c> sets to SIGKILL) when the *thread* that forked
/// it exits, not the process; .NET forks on the calling thread, a thread-pool thread the pool retires once idle, and
/// every sandbox started from it was then killed (exit 137) at a random moment. The containers must die with the
/// runner, and only with it.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Queue = new();

    static ProcessLauncher()
    {
        // A background thread ends with the process, which is when its children should die.
        new Thread(Run) { IsBackground = true, Name = "local-kubelet-process-launcher" }.Start();
    }

    /// <summary>Starts <paramref name="process"/> on the launcher thread; completes once it runs (or failed to start).</summary>
    public static Task StartAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((process, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (process, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception e)
            {
                // Every failure to start belongs to the caller, not to the launcher thread.
                started.SetException(e);
            }
        }
    }
}
