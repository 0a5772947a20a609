using System.ComponentModel;

namespace DynamoMcp.McpBridge.Workflows;

[Description("Workflows of a namespace.")]
public sealed record WorkflowListResult(
    [property: Description("Namespace listed.")] string Namespace,
    [property: Description("Its workflows, by name.")] IReadOnlyList<WorkflowSummary> Workflows);
