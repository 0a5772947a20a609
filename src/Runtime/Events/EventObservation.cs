namespace DynamoMcp.Runtime.Events;

/// <summary>
/// What the recorder should do for one occurrence: create <see cref="Name"/> (first time, <see cref="Count"/> 1), or bump
/// the existing event <see cref="Name"/> to <see cref="Count"/> with a new lastTimestamp.
/// </summary>
public sealed record EventObservation(bool IsNew, string Name, int Count, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp);
