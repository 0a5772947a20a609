namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>How a container process ended; <paramref name="Killed"/> when the runner stopped it (deadline, deletion).</summary>
public sealed record ContainerExit(int ExitCode, DateTime StartedAt, DateTime FinishedAt, bool Killed);
