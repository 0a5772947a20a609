using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Workflows;

[McpServerToolType]
public sealed class CancelWorkflowRunTool(WorkflowService workflows, CallerResolver callers)
{
    [McpServerTool(Name = "cancel_workflow_run", Title = "Cancel a workflow run", ReadOnly = false, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Stops a workflow run (sets spec.cancel): the operator stops its running steps, starts nothing new, not even finally steps, and marks it Failed (Cancelled). Calling it again, or on a finished run, changes nothing.")]
    public Task<WorkflowRunCancelResult> CancelWorkflowRun(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.WorkflowRunName)] string name,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return workflows.CancelAsync(caller, ns, name, cancellationToken);
    }
}
