namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>What the Job controller logic decided: the outcome, its condition reason/message, and how many pods to add.</summary>
public sealed record JobEvaluation(JobOutcome Outcome, string? Reason, string? Message, int PodsToCreate);
