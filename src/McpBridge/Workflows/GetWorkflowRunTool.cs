using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Workflows;

[McpServerToolType]
public sealed class GetWorkflowRunTool(WorkflowService workflows, CallerResolver callers)
{
    [McpServerTool(Name = "get_workflow_run", Title = "Get a workflow run", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Shows a workflow run: its phase and progress, each step (phase, reason, message, attempts, fan-out items), its outputs once it succeeded, and its conditions; for a failed run the failing step and why.")]
    public Task<WorkflowRunResult> GetWorkflowRun(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.WorkflowRunName)] string name,
        [Description("Also show each step's outputs (can be long).")] bool includeStepOutputs = false,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return workflows.GetRunAsync(caller, ns, name, includeStepOutputs, cancellationToken);
    }
}
