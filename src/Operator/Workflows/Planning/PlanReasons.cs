namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>The reasons the planner gives for stops, skips, steps and the run.</summary>
public static class PlanReasons
{
    public const string Timeout = "Timeout";
    public const string Cancelled = "Cancelled";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string FailFast = "FailFast";
    public const string WhenFalse = "WhenFalse";
    public const string DependencySkipped = "DependencySkipped";
    public const string DependencyFailed = "DependencyFailed";
    public const string StepFailed = "StepFailed";
    public const string Succeeded = "Succeeded";
    public const string Running = "Running";
    public const string Pending = "Pending";
    public const string RetryBackoff = "RetryBackoff";
    public const string NoItems = "NoItems";
    public const string ExpressionFailed = "ExpressionFailed";
}
