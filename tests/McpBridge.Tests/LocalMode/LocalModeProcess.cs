using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The README's first command as a real process (the built DynamoMcp.LocalCluster executable), read the way a
/// person reads it: the banner's MCP endpoint and kubeconfig lines.
/// </summary>
internal sealed class LocalModeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();
    private readonly List<string> transcript = [];

    private LocalModeProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri McpEndpoint { get; private set; } = null!;

    public string Kubeconfig { get; private set; } = null!;

    public string Transcript
    {
        get
        {
            lock (transcript)
            {
                return string.Join('\n', transcript);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<LocalModeProcess> StartAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        // Through python3 (a prerequisite), which resets SIGINT to its default before it execs the local mode: a test
        // run started in the background of a non-interactive shell ignores SIGINT, its children inherit that, and .NET
        // then leaves Ctrl-C alone (as a background job should), so the test would wait for a Ctrl-C that never lands.
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])", "dotnet"])
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DynamoMcp.LocalCluster.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var running = new LocalModeProcess(Process.Start(start)!);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await foreach (var line in running.lines.Reader.ReadAllAsync(timeout.Token))
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith("MCP endpoint:", StringComparison.Ordinal))
                {
                    running.McpEndpoint = new Uri(trimmed["MCP endpoint:".Length..].Trim().Split(' ')[0]);
                }
                else if (trimmed.StartsWith("kubeconfig:", StringComparison.Ordinal))
                {
                    running.Kubeconfig = trimmed["kubeconfig:".Length..].Trim();
                }
                else if (trimmed == "Press Ctrl-C to stop.")
                {
                    return running;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        var transcript = running.Transcript;
        await running.DisposeAsync();
        throw new InvalidOperationException($"The local mode did not print its banner. Output:\n{transcript}");
    }

    /// <summary>The kernel's view of a process that does not exit: its state, its threads' states and its children.</summary>
    private static string ProcessState(int pid)
    {
        try
        {
            var state = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal)) ?? "?";
            var threads = Directory.GetDirectories($"/proc/{pid}/task")
                .Select(t => File.ReadAllText(Path.Combine(t, "stat")))
                .Select(stat => stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0])
                .GroupBy(s => s).Select(g => $"{g.Key}={g.Count()}");
            var children = File.Exists($"/proc/{pid}/task/{pid}/children") ? File.ReadAllText($"/proc/{pid}/task/{pid}/children").Trim() : "";
            var cmdlines = children.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(c => File.Exists($"/proc/{c}/cmdline") ? File.ReadAllText($"/proc/{c}/cmdline").Replace('\0', ' ') : c);
            return $"{state}; threads {string.Join(", ", threads)}; children: {string.Join(" | ", cmdlines)}";
        }
        catch (IOException e)
        {
            return "state unknown: " + e.Message;
        }
    }

    /// <summary>What Ctrl-C does: SIGINT, then the exit code.</summary>
    public async Task<int> InterruptAsync(CancellationToken ct)
    {
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The local mode did not exit within 60 s of SIGINT ({ProcessState(process.Id)}). Output:\n{Transcript}");
        }

        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (transcript)
        {
            transcript.Add(line);
        }

        lines.Writer.TryWrite(line);
    }
}
