using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// ts-client/client.mjs (the TypeScript MCP SDK) as a child process driven one command at a time, so the test can
/// act as the operator between steps. Every event the script prints is kept, in order.
/// </summary>
internal sealed class TypeScriptClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly Task _reader;
    private readonly ConcurrentQueue<string> _stderr = new();
    private int _nextId;

    private TypeScriptClient(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadEventsAsync);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<JsonElement> Events => [.. _events];

    public static string Directory => Path.Combine(RepositoryRoot.Find(), "tests", "McpBridge.Tests", "ts-client");

    /// <summary>Installs the pinned SDK when absent (CI does it in scripts/test.sh), so the test also runs on its own.</summary>
    public static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            return;
        }

        var start = new ProcessStartInfo("npm") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ci", "--no-audit", "--no-fund", "--prefix", Directory })
        {
            start.ArgumentList.Add(a);
        }

        using var npm = Process.Start(start)!;
        var output = npm.StandardOutput.ReadToEndAsync(ct);
        var errors = npm.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(timeout.Token);
        npm.ExitCode.Should().Be(0, await output + await errors);
    }

    public static async Task<TypeScriptClient> StartAsync(Uri endpoint, string apiKey, CancellationToken ct)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { Path.Combine(Directory, "client.mjs"), endpoint.ToString(), apiKey })
        {
            start.ArgumentList.Add(a);
        }

        var client = new TypeScriptClient(Process.Start(start)!);
        await client.WaitForEventAsync(e => Type(e) == "ready", ct);
        return client;
    }

    /// <summary>Sends a command and returns its id without waiting (for calls the test answers as the operator).</summary>
    public async Task<int> SendAsync(string op, JsonObject? arguments, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var command = arguments?.DeepClone().AsObject() ?? [];
        command["id"] = id;
        command["op"] = op;
        await _process.StandardInput.WriteLineAsync(command.ToJsonString().AsMemory(), ct);
        await _process.StandardInput.FlushAsync(ct);
        return id;
    }

    public async Task<JsonElement> RunAsync(string op, JsonObject? arguments, CancellationToken ct) =>
        await ResultAsync(await SendAsync(op, arguments, ct), ct);

    /// <summary>The reply to command <paramref name="id"/>; a script-side error fails the test with its message.</summary>
    public async Task<JsonElement> ResultAsync(int id, CancellationToken ct)
    {
        var reply = await WaitForEventAsync(e => Type(e) is "result" or "error" && e.GetProperty("id").GetInt32() == id, ct);
        Type(reply).Should().Be("result", reply.ToString());
        return reply;
    }

    public async Task<JsonElement> WaitForEventAsync(Func<JsonElement, bool> match, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Wait);
        while (true)
        {
            if (_events.FirstOrDefault(match) is { ValueKind: not JsonValueKind.Undefined } found)
            {
                return found;
            }

            if (_reader.IsCompleted)
            {
                throw new InvalidOperationException($"The TypeScript client exited. Events: {string.Join("\n", _events)}\nstderr: {string.Join("\n", _stderr)}");
            }

            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching event from the TypeScript client. Events: {string.Join("\n", _events)}\nstderr: {string.Join("\n", _stderr)}");
            }
        }
    }

    public static string? Type(JsonElement e) => e.GetProperty("type").GetString();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await _reader;
        _process.Dispose();
    }

    private async Task ReadEventsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith('{'))
            {
                _events.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
            }
        }
    }
}
