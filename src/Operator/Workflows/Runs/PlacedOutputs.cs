namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// Where a step's or the run's outputs went: inline in status (<paramref name="Inline"/>), or in an owned ConfigMap
/// (<paramref name="ConfigMap"/>) when larger; <paramref name="Error"/> when the run's outputs could not be evaluated.
/// </summary>
public sealed record PlacedOutputs(IDictionary<string, object?>? Inline, string? ConfigMap, string? Error = null);
