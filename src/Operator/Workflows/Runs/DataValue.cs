namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>A value of a string map that may be absent (labels, annotations, ConfigMap data).</summary>
internal static class DataValue
{
    public static string? Of(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var value) ? value : null;
}
