using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DynamoMcp.LocalCluster.Networking;

/// <summary>
/// Reaches a TCP port inside a sandboxed container's private network namespace from the host, with no relay process
/// and no port published on the host: a dedicated thread enters the namespace (setns), creates the socket there and
/// goes back; the socket stays in the pod's namespace, so connecting it to 127.0.0.1:port reaches the container's
/// loopback. Two replicas listening on the same containerPort are two namespaces and do not collide.
/// </summary>
/// <remarks>
/// Entering a namespace needs CAP_SYS_ADMIN (the local cluster runs as root, or the pods share the host network).
/// A pod without a namespace of its own (no sandbox, or an image allowed the network) is reached on the host's loopback.
/// </remarks>
internal static class PodNetwork
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Whether this process can enter other network namespaces (root, or CAP_SYS_ADMIN).</summary>
    public static bool CanEnterNamespaces { get; } = OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/proc/self/ns/net");

    /// <summary>
    /// The first process under <paramref name="rootPid"/> (the launch's host process: setsid, the limits' shell,
    /// bubblewrap) that lives in a network namespace other than ours, or null when none does (yet).
    /// </summary>
    public static int? FindNamespacedDescendant(int rootPid)
    {
        var own = NamespaceOf("self");
        if (own is null)
        {
            return null;
        }

        var queue = new Queue<int>([rootPid]);
        var seen = new HashSet<int>();
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            if (!seen.Add(pid))
            {
                continue;
            }

            var ns = NamespaceOf(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (ns is not null && ns != own)
            {
                return pid;
            }

            foreach (var child in Children(pid))
            {
                queue.Enqueue(child);
            }
        }

        return null;
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> in the network namespace of <paramref name="namespacePid"/> (null: the host's).</summary>
    public static async Task<Socket> ConnectAsync(int? namespacePid, int port, CancellationToken cancellationToken)
    {
        var socket = namespacePid is { } pid ? CreateSocketIn(pid) : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket CreateSocketIn(int pid)
    {
        Socket? created = null;
        Exception? failure = null;
        // setns changes the calling thread only: a thread of our own, so no pool thread is left in the pod's namespace.
        var thread = new Thread(() =>
        {
            try
            {
                using var home = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle($"/proc/{pid}/ns/net");
                if (SetNamespace(target.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new IOException($"Cannot enter the network namespace of process {pid} (errno {Marshal.GetLastPInvokeError()}); the local cluster must run as root to reach sandboxed pods.");
                }

                try
                {
                    created = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                }
                finally
                {
                    if (SetNamespace(home.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                    {
                        // Never let this thread run anything else inside the pod: it ends here anyway.
                        failure = new IOException("Could not return to the host network namespace.");
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "pod-netns",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            created?.Dispose();
            throw failure as IOException ?? new IOException(failure.Message, failure);
        }

        return created!;
    }

    private static string? NamespaceOf(string pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var child))
                {
                    yield return child;
                }
            }
        }
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code enabled for the whole project.
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392
    private static extern int SetNamespace(int fd, int nsType);
#pragma warning restore SYSLIB1054, CA5392
}
