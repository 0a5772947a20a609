namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>A host folder or file that appears inside a container at <paramref name="ContainerPath"/>.</summary>
public sealed record SandboxMount(string HostPath, string ContainerPath, bool ReadOnly);
