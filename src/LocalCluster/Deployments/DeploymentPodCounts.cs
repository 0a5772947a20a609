namespace DynamoMcp.LocalCluster.Deployments;

/// <summary>What a Deployment's pods are doing now: all of them (not terminating), those of the current template, ready ones, ready ones of the current template.</summary>
public sealed record DeploymentPodCounts(int Total, int Updated, int Ready, int UpdatedReady);
