using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DynamoMcp.PackageDocs.Tests.Caching.Fixtures;

/// <summary>
/// A real redis-server (Debian's package, installed by scripts/install-prereqs.sh) on 127.0.0.1 at a free port, without
/// persistence. <see cref="MissingPrerequisite"/> says why it cannot run here.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process process;

    private RedisServer(Process process, int port) => (this.process, Port) = (process, port);

    public static string? Binary { get; } = FindBinary();

    /// <summary>Why no server can be started (redis-server is not installed), or null.</summary>
    public static string? MissingPrerequisite => Binary is null
        ? "redis-server is not installed: run scripts/install-prereqs.sh (it installs Debian's redis-server)"
        : null;

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public bool HasExited => process.HasExited;

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        if (MissingPrerequisite is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        // The free port is released before redis binds it, so another process may take it first: try again then.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(Binary!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            foreach (var argument in (string[])["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "notice"])
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var seen = new List<string>();
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new RedisServer(process, port);
                }
            }

            await process.WaitForExitAsync(timeout.Token);
            process.Dispose();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"redis-server ended before it was ready:\n{string.Join('\n', seen)}");
            }
        }
    }

    /// <summary>Ends the server at once (Redis "goes down").</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin")
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);
}
