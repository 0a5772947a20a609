using System.Collections.Concurrent;
using System.ComponentModel;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.StdioFront.Sessions;

/// <summary>The live sessions by Mcp-Session-Id, at most <see cref="FrontOptions.MaxSessions"/> of them.</summary>
internal sealed class SessionStore(FrontOptions options, ILoggerFactory loggerFactory, TimeProvider time, TextWriter childStderr) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, StdioSession> sessions = new(StringComparer.Ordinal);
    private readonly ILogger logger = loggerFactory.CreateLogger<SessionStore>();
    private readonly ILogger sessionLogger = loggerFactory.CreateLogger<StdioSession>();
    private int reserved;

    public int Count => sessions.Count;

    public StdioSession? Get(string id) => sessions.TryGetValue(id, out var session) ? session : null;

    /// <summary>Starts a session's child, or says why not (the limit, or a command that cannot start).</summary>
    public StdioSession? TryStart(out string? error, out bool atLimit)
    {
        atLimit = false;
        if (Interlocked.Increment(ref reserved) > options.MaxSessions)
        {
            Interlocked.Decrement(ref reserved);
            atLimit = true;
            error = $"the front already runs {options.MaxSessions} sessions (--max-sessions {options.MaxSessions}): end one (DELETE) or add replicas";
            return null;
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        try
        {
            var session = StdioSession.Start(id, options, sessionLogger, time, childStderr, Ended);
            sessions[id] = session;
            if (session.Ended.IsCompleted)
            {
                // It ended before it was listed (a command that exits at once): unlist it now.
                Ended(session);
            }

            error = null;
            return session;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            Interlocked.Decrement(ref reserved);
            error = $"cannot start the MCP server `{string.Join(' ', options.Command)}`: {e.Message}; check the command and that it exists in this image";
            logger.LogError("Session start failed: {Reason}", error);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(sessions.Values.Select(s => s.EndAsync("the front is shutting down"))).ConfigureAwait(false);
    }

    private void Ended(StdioSession session)
    {
        if (sessions.TryRemove(new KeyValuePair<string, StdioSession>(session.Id, session)))
        {
            Interlocked.Decrement(ref reserved);
        }
    }
}
