using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpBridge.Tests.Integration;

internal sealed class RecordingLogger(ConcurrentQueue<RecordedLogEntry> entries, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue(new RecordedLogEntry(category, logLevel, formatter(state, exception), exception));
}
