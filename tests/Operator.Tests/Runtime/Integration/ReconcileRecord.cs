using DynamoMcp.Operator.Runtime;

namespace DynamoMcp.Operator.Tests.Runtime.Integration;

internal sealed record ReconcileRecord(ObjectKey Key, string Host, string? Value, string ResourceVersion, DateTimeOffset At);
