using System.ComponentModel;
using System.Text.Json;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Workflows;

[McpServerToolType]
public sealed class RunWorkflowTool(WorkflowService workflows, CallerResolver callers)
{
    [McpServerTool(Name = "run_workflow", Title = "Run a workflow", ReadOnly = false, Idempotent = false, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Runs a workflow (creates a WorkflowRun). The workflow must be valid and the inputs are checked against its inputs schema first: if any is wrong, every problem is listed and nothing is created. Then the call reports progress per step until the run finishes and returns its steps and outputs; past the bridge's wait limit it returns the run name to follow with get_workflow_run. A failed run is a result, not an error: it names the failing step and why. Cancelling the call stops waiting, not the run (cancel_workflow_run does).")]
    public Task<WorkflowRunResult> RunWorkflow(
        RequestContext<CallToolRequestParams> context,
        [Description(ToolText.WorkflowName)] string workflow,
        [Description("Inputs as a JSON object, e.g. {\"service\": \"billing\"}; omitted inputs take their defaults. list_workflows lists them.")] Dictionary<string, JsonElement>? inputs = null,
        [Description("Name for the run; empty generates one from the workflow name.")] string? name = null,
        [Description("Wait for the run to finish (reports progress). False returns at once with the name to follow.")] bool wait = true,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        return workflows.RunAsync(
            caller, ns, workflow, CreateProjectTool.ToJsonObject(inputs), string.IsNullOrWhiteSpace(name) ? null : name, wait, ProgressSink.For(context), cancellationToken);
    }
}
