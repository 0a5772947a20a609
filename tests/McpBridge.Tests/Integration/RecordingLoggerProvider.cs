using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>Keeps every log entry of a host: category, level, message and exception.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<RecordedLogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(Entries, categoryName);

    public void Dispose()
    {
    }
}
