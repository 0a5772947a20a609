namespace DynamoMcp.Api.Conditions;

/// <summary>
/// Reasons (UpperCamelCase, as metav1.Condition requires) shared by the controllers, the bridge and the tests,
/// so a client can branch on them instead of parsing messages.
/// </summary>
public static class ConditionReasons
{
    // Generic.
    public const string Succeeded = "Succeeded";
    public const string ProgressingWithRetry = "ProgressingWithRetry";
    public const string InvalidSpec = "InvalidSpec";
    public const string Deleting = "Deleting";

    /// <summary>An object with a child's deterministic name exists and is not controlled by this resource.</summary>
    public const string ChildConflict = "ChildConflict";

    // CookiecutterTemplate.
    public const string SourceUnreachable = "SourceUnreachable";
    public const string RevisionNotFound = "RevisionNotFound";
    public const string ChecksumMismatch = "ChecksumMismatch";
    public const string InvalidTemplate = "InvalidTemplate";
    public const string Inspecting = "Inspecting";
    public const string InspectTimeout = "InspectTimeout";
    public const string InspectFailed = "InspectFailed";

    // Scaffold.
    public const string TemplateNotFound = "TemplateNotFound";
    public const string TemplateNotReady = "TemplateNotReady";
    public const string InvalidVariables = "InvalidVariables";
    public const string Rendering = "Rendering";
    public const string RenderTimeout = "RenderTimeout";
    public const string RenderFailed = "RenderFailed";
    public const string OutputTooLarge = "OutputTooLarge";
    public const string SnapshotTooLarge = "SnapshotTooLarge";
    public const string SnapshotNotFound = "SnapshotNotFound";
    public const string UpdateSourceNotFound = "UpdateSourceNotFound";
    public const string UpdateSourceNotReady = "UpdateSourceNotReady";
    public const string NotUpdatable = "NotUpdatable";
    public const string OutputAuthFailed = "OutputAuthFailed";
    public const string OutputUnreachable = "OutputUnreachable";
    public const string OutputRejected = "OutputRejected";
    public const string OutputNotFound = "OutputNotFound";
    public const string Delivering = "Delivering";

    // McpServer
    public const string ToolsDiscovered = "ToolsDiscovered";
    public const string ServerStarting = "ServerStarting";
    public const string CrashLooping = "CrashLooping";
    public const string ImagePullFailed = "ImagePullFailed";
    public const string StartupTimeout = "StartupTimeout";
    public const string DiscoveryFailed = "DiscoveryFailed";
    public const string NoTools = "NoTools";

    // Workflow.
    public const string WorkflowValid = "WorkflowValid";
    public const string ReferencesFound = "ReferencesFound";
    public const string ReferencesMissing = "ReferencesMissing";

    // WorkflowRun (besides Succeeded): the planner's run reasons are these words too.
    public const string WorkflowNotFound = "WorkflowNotFound";
    public const string WorkflowInvalid = "WorkflowInvalid";
    public const string InvalidInputs = "InvalidInputs";
    public const string Running = "Running";
    public const string Pending = "Pending";
    public const string StepFailed = "StepFailed";
    public const string Cancelled = "Cancelled";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string ExpressionFailed = "ExpressionFailed";

    // ModelConfig.
    public const string ModelConfigValid = "ModelConfigValid";

    // Agent (besides Pending, Running, Succeeded, DeadlineExceeded and the runtime's outcomes, Api.Agents.AgentOutcomes).
    public const string ModelConfigNotFound = "ModelConfigNotFound";
    public const string ModelConfigNotReady = "ModelConfigNotReady";
    public const string ParentNotFound = "ParentNotFound";
    public const string ParentFinished = "ParentFinished";
    public const string DepthExceeded = "DepthExceeded";
    public const string AwaitingBudget = "AwaitingBudget";
    public const string BudgetExceeded = "BudgetExceeded";
    public const string MaxTurnsExceeded = "MaxTurnsExceeded";
    public const string ModelError = "ModelError";
    public const string BridgeUnavailable = "BridgeUnavailable";
    public const string Terminated = "Terminated";
    public const string AgentFailed = "AgentFailed";
}
