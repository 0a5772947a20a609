namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>What an observed child is doing.</summary>
public enum ChildState
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
