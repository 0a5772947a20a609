namespace DynamoMcp.Operator.Sandbox;

/// <summary>Where a sandbox Job is, read from its status conditions as the Job controller writes them.</summary>
public enum SandboxJobPhase
{
    Running,
    Succeeded,
    Failed,
    TimedOut,
}
