namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>The pods of a Job by state: running or waiting (<paramref name="Active"/>), of which <paramref name="Ready"/> run.</summary>
public sealed record JobPodCounts(int Active, int Ready, int Succeeded, int Failed);
