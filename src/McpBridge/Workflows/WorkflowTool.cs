using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.DynamicTools;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Workflows;

/// <summary>
/// The tool of one valid workflow: its input schema is the workflow's inputs schema, so a client sees (and an LLM fills)
/// the workflow's own inputs; a call is run_workflow for that workflow, waiting.
/// </summary>
public sealed class WorkflowTool(WorkflowView workflow) : NamespaceTool<WorkflowRunResult>(workflow.Namespace, Describe(workflow))
{
    private readonly string _workflow = workflow.Name;

    protected override Task<WorkflowRunResult> RunAsync(
        IServiceProvider services, BridgeIdentity caller, RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        services.GetRequiredService<WorkflowService>().RunAsync(
            caller, Namespace, _workflow, CreateProjectTool.ToJsonObject(request.Params?.Arguments), null, wait: true, ProgressSink.For(request), cancellationToken);

    private static Tool Describe(WorkflowView workflow) => Describe(
        workflow.Tool,
        $"Workflow {workflow.Name}",
        (workflow.Description is { } description ? description.TrimEnd('.') + ". " : "")
            + $"Runs workflow '{workflow.Name}' ({workflow.Steps.Count} step{(workflow.Steps.Count == 1 ? "" : "s")}: {string.Join(", ", workflow.Steps)})."
            + " The arguments are the workflow's inputs; omitted ones take their defaults. Reports progress per step and returns the run's steps and outputs;"
            + " past the bridge's wait limit it returns the run name to follow with get_workflow_run.",
        workflow.InputSchema);
}
