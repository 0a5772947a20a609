namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>A Scaffold's stored project as a container step mounts it: the chunk ConfigMaps in archive order and the archive's SHA-256.</summary>
public sealed record StepProject(string Scaffold, IReadOnlyList<string> ConfigMaps, string Sha256);
