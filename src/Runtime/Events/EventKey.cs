namespace DynamoMcp.Runtime.Events;

/// <summary>What makes two events "the same" for aggregation (client-go's dedupe key minus the timestamps).</summary>
public readonly record struct EventKey(
    string InvolvedApiVersion,
    string InvolvedKind,
    string? InvolvedNamespace,
    string InvolvedName,
    string? InvolvedUid,
    string Type,
    string Reason,
    string Message);
