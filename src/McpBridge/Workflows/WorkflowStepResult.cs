using System.ComponentModel;
using System.Text.Json.Nodes;

namespace DynamoMcp.McpBridge.Workflows;

[Description("One step of a workflow run.")]
public sealed record WorkflowStepResult(
    [property: Description("Step name.")] string Name,
    [property: Description("Pending, Running, Succeeded, Failed or Skipped.")] string Phase,
    [property: Description("Why it is in its phase, one word: Succeeded, StepFailed, WhenFalse, DependencyFailed, Timeout, Cancelled, ...")] string? Reason,
    [property: Description("Why it failed or was skipped.")] string? Message,
    [property: Description("Attempts so far, including the first.")] int? Attempts,
    [property: Description("With forEach: the number of items.")] int? Items,
    [property: Description("With forEach: the items that succeeded so far.")] int? ItemsSucceeded,
    [property: Description("Its latest child: the Scaffold (a project: get_project_files reads it), Job or tool-call record.")] string? Child,
    [property: Description("The step's outputs (only when asked for with includeStepOutputs).")] JsonObject? Outputs);
