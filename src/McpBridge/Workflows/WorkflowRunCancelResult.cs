using System.ComponentModel;

namespace DynamoMcp.McpBridge.Workflows;

[Description("What cancel_workflow_run did.")]
public sealed record WorkflowRunCancelResult(
    [property: Description("Name of the WorkflowRun.")] string Name,
    [property: Description("Namespace of the run.")] string Namespace,
    [property: Description("Its phase when the call answered.")] string Phase,
    [property: Description("True when the run has spec.cancel set (now or earlier).")] bool CancelRequested,
    [property: Description("True when the run had already finished: nothing was changed.")] bool AlreadyFinished,
    [property: Description("What happens next.")] string Hint);
