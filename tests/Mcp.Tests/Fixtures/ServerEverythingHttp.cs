using System.Diagnostics;

namespace DynamoMcp.Mcp.Tests.Fixtures;

/// <summary>
/// The real <c>@modelcontextprotocol/server-everything</c> over HTTP: <c>node dist/index.js streamableHttp</c> serves <c>/mcp</c>,
/// <c>node dist/index.js sse</c> the legacy SSE transport at <c>/sse</c>; both listen on <c>PORT</c>.
/// </summary>
internal sealed class ServerEverythingHttp : IAsyncDisposable
{
    private readonly Process process;

    private ServerEverythingHttp(Process process, Uri url)
    {
        this.process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ServerEverythingHttp> StartAsync(CancellationToken cancellationToken, bool legacySse = false)
    {
        var script = NpmMcpServers.EntryScript("everything");
        var port = FreePort.Next();
        var start = new ProcessStartInfo(NpmMcpServers.Node) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(legacySse ? "sse" : "streamableHttp");
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var server = new ServerEverythingHttp(process, new Uri($"http://127.0.0.1:{port}/{(legacySse ? "sse" : "mcp")}"));
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);

        // It announces itself on stderr once it listens: "MCP Streamable HTTP Server listening on port N", "Server is running on port N".
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Contains("listening on port", StringComparison.Ordinal) || line.Contains("running on port", StringComparison.Ordinal))
            {
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return server;
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"server-everything exited ({process.ExitCode}) before listening on port {port}");
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
