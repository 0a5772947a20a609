using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Workflows;

/// <summary>One line of list_workflows: enough to pick a workflow and call it.</summary>
[Description("One workflow.")]
public sealed record WorkflowSummary(
    [property: Description("Workflow name.")] string Name,
    [property: Description("What it does, as its author wrote it.")] string? Description,
    [property: Description("Its steps, in workflow order.")] IReadOnlyList<string> Steps,
    [property: Description("True when the operator validated it: it can run.")] bool Valid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Why it cannot run, if it cannot (every problem the operator found).")] string? Status,
    [property: Description("A warning on a valid workflow, e.g. templates or MCP servers its steps name that do not exist yet.")] string? Warning,
    [property: Description("The inputs a run takes (run_workflow's inputs).")] IReadOnlyList<WorkflowInputSummary> Inputs,
    [property: Description("Its own tool (workflow_<name>), when valid: call it with the inputs as arguments.")] string? Tool,
    [property: Description("Its newest run.")] WorkflowRunBrief? LastRun);
