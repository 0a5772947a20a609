using DynamoMcp.Runtime;

namespace DynamoMcp.Runtime.Tests.Integration;

internal sealed record ReconcileRecord(ObjectKey Key, string Host, string? Value, string ResourceVersion, DateTimeOffset At);
