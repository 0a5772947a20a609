using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using DynamoMcp.StdioFront.JsonRpc;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.StdioFront.Sessions;

/// <summary>
/// One MCP session: one child process speaking newline-delimited JSON-RPC on stdin/stdout. Routes what the child says — a
/// response to the POST that asked, a progress notification to the POST whose request carries its token, anything else to
/// the newest POST that can stream, else to the GET stream, else to a bounded queue that the next GET stream drains.
/// </summary>
internal sealed class StdioSession
{
    /// <summary>Unsolicited messages kept while no GET stream is open; beyond, the oldest are dropped (and logged).</summary>
    internal const int QueueCapacity = 256;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process process;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly TextWriter stderr;
    private readonly TimeSpan idleTimeout;
    private readonly Action<StdioSession> onEnded;
    private readonly SemaphoreSlim stdinGate = new(1, 1);
    private readonly ConcurrentDictionary<string, PendingRequest> pending = new(StringComparer.Ordinal);
    private readonly Lock routeGate = new();
    private readonly Queue<JsonNode> unsolicited = new();
    private readonly StderrTail stderrTail = new(10);
    private readonly TaskCompletionSource<string> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Channel<JsonNode>? stream;
    private ITimer? idleTimer;
    private Task stderrPump = Task.CompletedTask;
    private long sequence;
    private long lastActivity;
    private int ending;

    private StdioSession(string id, Process process, FrontOptions options, ILogger logger, TimeProvider time, TextWriter stderr, Action<StdioSession> onEnded)
    {
        Id = id;
        ShortId = id[..8];
        this.process = process;
        this.logger = logger;
        this.time = time;
        this.stderr = stderr;
        this.onEnded = onEnded;
        idleTimeout = options.IdleTimeout;
        ProcessId = process.Id;
        lastActivity = time.GetTimestamp();
    }

    /// <summary>The Mcp-Session-Id: 128 random bits in hex.</summary>
    public string Id { get; }

    /// <summary>The first 8 characters, prefixed to the child's stderr lines and used in logs (the full id is a capability).</summary>
    public string ShortId { get; }

    public int ProcessId { get; }

    /// <summary>Completes with the reason once the session has ended and its child is gone.</summary>
    public Task<string> Ended => ended.Task;

    /// <summary>Starts the child; throws <see cref="System.ComponentModel.Win32Exception"/> when the command cannot start.</summary>
    public static StdioSession Start(string id, FrontOptions options, ILogger logger, TimeProvider time, TextWriter stderr, Action<StdioSession> onEnded)
    {
        var start = new ProcessStartInfo(options.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        if (options.WorkingDirectory is { } directory)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var argument in options.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"`{options.Command[0]}` did not start");
        var session = new StdioSession(id, process, options, logger, time, stderr, onEnded);
        session.stderrPump = Task.Run(session.PumpStderrAsync);
        _ = Task.Run(session.PumpStdoutAsync);
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, options.IdleTimeout.Ticks / 4));
        session.idleTimer = time.CreateTimer(_ => session.EndIfIdle(), null, period, period);
        logger.LogInformation("Session {Session} started {Command} as process {ProcessId}", session.ShortId, options.Command[0], process.Id);
        return session;
    }

    public void Touch() => Interlocked.Exchange(ref lastActivity, time.GetTimestamp());

    /// <summary>Relays a client request; its POST reads the answer from the returned request.</summary>
    public async Task<PendingRequest?> SendRequestAsync(JsonNode request, bool acceptsStream, CancellationToken cancellationToken)
    {
        Touch();
        var idKey = JsonRpcMessage.IdKey(request)!;
        var relay = new PendingRequest(
            idKey, request["id"], acceptsStream ? JsonRpcMessage.ProgressTokenKey(request) : null, acceptsStream, Interlocked.Increment(ref sequence));
        if (!pending.TryAdd(idKey, relay))
        {
            return null;
        }

        if (Volatile.Read(ref ending) == 1)
        {
            // Ending: Finish answers it with the reason (it sweeps again after setting Ended, so a request added meanwhile is
            // answered either there or here).
            if (ended.Task.IsCompleted && pending.TryRemove(new KeyValuePair<string, PendingRequest>(idKey, relay)))
            {
                relay.Complete(JsonRpcMessage.Error(relay.Id, JsonRpcMessage.InternalError, await ended.Task.ConfigureAwait(false)));
            }

            return relay;
        }

        await WriteAsync(request, cancellationToken).ConfigureAwait(false);
        return relay;
    }

    /// <summary>Relays a client notification or a response to a server→client request.</summary>
    public Task SendAsync(JsonNode message, CancellationToken cancellationToken)
    {
        Touch();
        return WriteAsync(message, cancellationToken);
    }

    /// <summary>Stops waiting for a request whose POST went away (its response, if it ever comes, is dropped).</summary>
    public void Forget(PendingRequest relay) => pending.TryRemove(new KeyValuePair<string, PendingRequest>(relay.IdKey, relay));

    /// <summary>Opens the GET stream (queued messages first), or null when one is open already.</summary>
    public ChannelReader<JsonNode>? OpenStream()
    {
        Touch();
        lock (routeGate)
        {
            if (stream is not null || Volatile.Read(ref ending) == 1)
            {
                return null;
            }

            stream = Channel.CreateUnbounded<JsonNode>(new UnboundedChannelOptions { SingleReader = true });
            while (unsolicited.TryDequeue(out var queued))
            {
                stream.Writer.TryWrite(queued);
            }

            return stream.Reader;
        }
    }

    public void CloseStream(ChannelReader<JsonNode> reader)
    {
        lock (routeGate)
        {
            if (stream is not null && ReferenceEquals(stream.Reader, reader))
            {
                stream.Writer.TryComplete();
                stream = null;
            }
        }

        Touch();
    }

    /// <summary>Ends the session on our side (DELETE, idle, shutdown): closes the child's stdin, then kills its process tree.</summary>
    public async Task EndAsync(string reason)
    {
        if (Interlocked.Exchange(ref ending, 1) == 1)
        {
            await ended.Task.ConfigureAwait(false);
            return;
        }

        logger.LogInformation("Session {Session} ending: {Reason}", ShortId, reason);
        await stdinGate.WaitAsync().ConfigureAwait(false);
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child is gone already.
        }
        finally
        {
            stdinGate.Release();
        }

        await StopProcessAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        Finish(reason);
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                JsonNode? message;
                try
                {
                    message = JsonNode.Parse(line);
                }
                catch (JsonException)
                {
                    // A server that logs on stdout breaks the stdio transport; show the line where logs go.
                    stderr.WriteLine($"[{ShortId}] (stdout, not JSON-RPC) {line}");
                    continue;
                }

                Route(message!);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            logger.LogDebug(e, "Session {Session}: reading the child's stdout stopped", ShortId);
        }

        if (Interlocked.Exchange(ref ending, 1) == 1)
        {
            return;
        }

        // The child closed stdout on its own: it exited or is about to.
        await StopProcessAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await stderrPump.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        var reason = $"the MCP server process (`{process.StartInfo.FileName}`, pid {ProcessId}) exited with code {process.ExitCode}{stderrTail.Describe()}";
        logger.LogWarning("Session {Session} ended: {Reason}", ShortId, reason);
        Finish(reason);
    }

    private async Task PumpStderrAsync()
    {
        try
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                stderrTail.Add(line);
                stderr.WriteLine($"[{ShortId}] {line}");
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            logger.LogDebug(e, "Session {Session}: reading the child's stderr stopped", ShortId);
        }
    }

    private void Route(JsonNode message)
    {
        switch (JsonRpcMessage.Classify(message))
        {
            case JsonRpcMessageKind.Response:
                if (pending.TryRemove(JsonRpcMessage.IdKey(message)!, out var answered))
                {
                    answered.Complete(message);
                }
                else
                {
                    logger.LogDebug("Session {Session}: dropped a response to {Id}, whose POST is gone", ShortId, JsonRpcMessage.IdKey(message));
                }

                return;
            case JsonRpcMessageKind.Request or JsonRpcMessageKind.Notification:
                if (JsonRpcMessage.ProgressNotificationTokenKey(message) is { } token
                    && pending.Values.FirstOrDefault(p => p.ProgressTokenKey == token) is { } owner
                    && owner.TryRelay(message))
                {
                    return;
                }

                RouteUnrelated(message);
                return;
            default:
                stderr.WriteLine($"[{ShortId}] (stdout, not a JSON-RPC message) {message.ToJsonString()}");
                return;
        }
    }

    private void RouteUnrelated(JsonNode message)
    {
        lock (routeGate)
        {
            var newest = pending.Values.Where(p => p.AcceptsStream).OrderByDescending(p => p.Sequence).FirstOrDefault();
            if (newest is not null && newest.TryRelay(message))
            {
                return;
            }

            if (stream is not null && stream.Writer.TryWrite(message))
            {
                return;
            }

            if (unsolicited.Count == QueueCapacity)
            {
                var dropped = unsolicited.Dequeue();
                logger.LogWarning("Session {Session}: no GET stream is open and {Capacity} messages wait; dropped the oldest ({Method})", ShortId, QueueCapacity, JsonRpcMessage.Method(dropped));
            }

            unsolicited.Enqueue(message);
        }
    }

    private async Task WriteAsync(JsonNode message, CancellationToken cancellationToken)
    {
        var line = message.ToJsonString() + "\n";
        await stdinGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await process.StandardInput.WriteAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The child is gone; reading its stdout ends the session and answers what is pending.
            logger.LogDebug(e, "Session {Session}: writing to the child's stdin failed", ShortId);
        }
        finally
        {
            stdinGate.Release();
        }
    }

    private async Task StopProcessAsync(TimeSpan grace)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            try
            {
                // .NET finds the descendants (npx → node) through /proc and kills them all.
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    private void EndIfIdle()
    {
        if (pending.IsEmpty && Volatile.Read(ref stream) is null && time.GetElapsedTime(Interlocked.Read(ref lastActivity)) >= idleTimeout)
        {
            _ = EndAsync($"no requests for {idleTimeout} (--idle-timeout)");
        }
    }

    private void Finish(string reason)
    {
        idleTimer?.Dispose();
        AnswerPending(reason);
        lock (routeGate)
        {
            stream?.Writer.TryComplete();
            stream = null;
            unsolicited.Clear();
        }

        // Out of the store before Ended completes: whoever awaits Ended finds the session gone, not still listed.
        onEnded(this);
        ended.TrySetResult(reason);
        AnswerPending(reason);
        process.Dispose();
    }

    private void AnswerPending(string reason)
    {
        foreach (var key in pending.Keys)
        {
            if (pending.TryRemove(key, out var relay))
            {
                relay.Complete(JsonRpcMessage.Error(relay.Id, JsonRpcMessage.InternalError, reason));
            }
        }
    }
}
