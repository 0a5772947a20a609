using System.Diagnostics;
using System.Globalization;
using DynamoMcp.McpServer.Bench;
using DynamoMcp.Mcp.Tests.Fixtures;

namespace DynamoMcp.Gateway.Bench;

/// <summary>server-everything over Streamable HTTP on a free loopback port, running until disposed.</summary>
internal sealed class EverythingProcess(Process process, Uri endpoint) : IAsyncDisposable
{
    /// <summary>Its MCP endpoint, <c>http://127.0.0.1:PORT/mcp</c>.</summary>
    public Uri Endpoint => endpoint;

    /// <summary>The CPU time the server has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>What is not installed that the benchmark needs, with the command that installs it; null when nothing.</summary>
    public static string? Missing(string repoRoot)
    {
        if (!File.Exists(ServerEverything.Node))
        {
            return $"{ServerEverything.Node} is missing: install Node.js";
        }

        try
        {
            _ = ServerEverything.EntryScript(repoRoot);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    /// <summary>The installed npm package's version (the server reports its own, which differs).</summary>
    public static string PackageVersion(string repoRoot)
    {
        var manifest = Path.Combine(Path.GetDirectoryName(ServerEverything.EntryScript(repoRoot))!, "..", "package.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest));
        return json.RootElement.TryGetProperty("version", out var version) ? version.GetString() ?? "?" : "?";
    }

    /// <summary>Starts it and returns once it says on stderr that it listens.</summary>
    public static async Task<EverythingProcess> StartAsync(string repoRoot, CancellationToken ct)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo(ServerEverything.Node) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerEverything.EntryScript(repoRoot));
        start.ArgumentList.Add(ServerEverything.Transport);
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{ServerEverything.Node} did not start");
        var started = new EverythingProcess(process, new Uri($"http://127.0.0.1:{port}{ServerEverything.Path}"));
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        while (await process.StandardError.ReadLineAsync(patience.Token) is { } line)
        {
            if (line.Contains("listening on port", StringComparison.Ordinal))
            {
                // Keep draining stderr, or the server blocks once the pipe fills.
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return started;
            }

            seen.Add(line);
        }

        await started.DisposeAsync();
        throw new InvalidOperationException($"server-everything exited before it listened on port {port}: {string.Join(" | ", seen)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
    }
}
