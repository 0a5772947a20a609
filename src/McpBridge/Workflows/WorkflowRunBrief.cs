using System.ComponentModel;

namespace DynamoMcp.McpBridge.Workflows;

[Description("A run of a workflow, in brief.")]
public sealed record WorkflowRunBrief(
    [property: Description("Name of the WorkflowRun; get_workflow_run shows it.")] string Name,
    [property: Description("Pending, Running, Succeeded or Failed.")] string Phase,
    [property: Description("Finished steps of all steps, e.g. 3/5.")] string? Progress);
