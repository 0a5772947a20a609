using DynamoMcp.Mcp.Tests.Fixtures;
using DynamoMcp.StdioFront;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;

namespace DynamoMcp.StdioFront.Tests.Fixtures;

/// <summary>
/// The front in this process on 127.0.0.1 (port 0, real sockets), running <c>command</c> per session. Its children run in a
/// working directory of their own, so a test finds exactly its children in /proc.
/// </summary>
internal sealed class InProcessFront : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly StringWriter stderr;

    private InProcessFront(WebApplication app, Uri url, string workingDirectory, StringWriter stderr)
    {
        this.app = app;
        Url = url;
        WorkingDirectory = workingDirectory;
        this.stderr = stderr;
    }

    public Uri Url { get; }

    public string WorkingDirectory { get; }

    /// <summary>What the children wrote on stderr, as the front relays it (prefixed with the session's short id).</summary>
    public string ChildStderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public static async Task<InProcessFront> StartAsync(IReadOnlyList<string> command, Func<FrontOptions, FrontOptions>? configure = null, TimeProvider? time = null)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("stdio-front-test-").FullName;
        var options = new FrontOptions { Host = "127.0.0.1", Port = 0, Command = command, WorkingDirectory = workingDirectory };
        options = configure?.Invoke(options) ?? options;
        var stderr = new StringWriter();
        var app = FrontApp.Build(options, TextWriter.Synchronized(new LockedWriter(stderr)), time);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new InProcessFront(app, new Uri(address.TrimEnd('/') + options.Path), workingDirectory, stderr);
    }

    /// <summary>server-everything over stdio: <c>node dist/index.js stdio</c>.</summary>
    public static Task<InProcessFront> StartEverythingAsync(Func<FrontOptions, FrontOptions>? configure = null, TimeProvider? time = null) =>
        StartAsync([NpmMcpServers.Node, NpmMcpServers.EntryScript("everything"), "stdio"], configure, time);

    public Task<McpClient> ConnectAsync(CancellationToken cancellationToken, bool getStream = true) => McpClient.CreateAsync(
        new HttpClientTransport(new HttpClientTransportOptions { Endpoint = Url, TransportMode = HttpTransportMode.StreamableHttp, EnableStandaloneGetStream = getStream }),
        cancellationToken: cancellationToken);

    /// <summary>The front's live session with this id (to wait for its end).</summary>
    internal Sessions.StdioSession? Session(string id) => app.Services.GetRequiredService<Sessions.SessionStore>().Get(id);

    /// <summary>The processes whose working directory is this front's: its sessions' children.</summary>
    public IReadOnlyList<int> Children() => ChildProcesses.InWorkingDirectory(WorkingDirectory);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A child may still be writing; the temp folder is the OS's to clean.
        }
    }

    private sealed class LockedWriter(StringWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            lock (inner)
            {
                inner.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (inner)
            {
                inner.WriteLine(value);
            }
        }
    }
}
