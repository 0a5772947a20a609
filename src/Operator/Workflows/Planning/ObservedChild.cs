namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>One child as observed (from the cache, or from status once the child is gone).</summary>
public sealed record ObservedChild(ChildState State, DateTime? StartedAt = null, DateTime? FinishedAt = null, string? Message = null);
