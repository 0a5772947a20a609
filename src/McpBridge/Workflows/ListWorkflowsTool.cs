using System.ComponentModel;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Workflows;

[McpServerToolType]
public sealed class ListWorkflowsTool(WorkflowService workflows, CallerResolver callers)
{
    [McpServerTool(Name = "list_workflows", Title = "List workflows", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the workflows in your namespace: their steps, whether each can run (and why not), the inputs a run takes, the workflow_<name> tool of a valid one and its last run. run_workflow runs one.")]
    public async Task<WorkflowListResult> ListWorkflows(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var all = await workflows.ListAsync(caller, ns, cancellationToken).ConfigureAwait(false);
        var latest = await workflows.LatestRunsAsync(caller, ns, cancellationToken).ConfigureAwait(false);
        return new WorkflowListResult(ns, [.. all.Select(w => new WorkflowSummary(
            w.Name,
            w.Description,
            w.Steps,
            w.Valid,
            w.StatusMessage,
            w.Warning,
            w.Inputs,
            w.Valid ? w.Tool : null,
            latest.GetValueOrDefault(w.Name) is { } run
                ? new WorkflowRunBrief(run.Metadata.Name, WorkflowRunResult.PhaseOf(run).ToString(), run.Status?.Progress)
                : null))]);
    }
}
