using Microsoft.Extensions.Logging;

namespace DynamoMcp.McpBridge.Tests.Integration;

internal sealed record RecordedLogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
