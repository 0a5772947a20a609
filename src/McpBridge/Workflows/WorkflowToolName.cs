using DynamoMcp.McpBridge.DynamicTools;

namespace DynamoMcp.McpBridge.Workflows;

/// <summary>The name of a valid workflow's own tool: <c>workflow_&lt;workflow&gt;</c> (rules: <see cref="DynamicToolName"/>).</summary>
public static class WorkflowToolName
{
    public const string Prefix = "workflow_";

    public static string For(string workflowName) => DynamicToolName.For(Prefix, workflowName);
}
