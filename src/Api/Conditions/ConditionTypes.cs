namespace DynamoMcp.Api.Conditions;

/// <summary>
/// Condition types every Dynamo MCP kind uses, following kstatus: <c>Ready</c> summarizes, <c>Reconciling</c> is
/// present while work is in flight, <c>Stalled</c> when nothing will change without a spec change.
/// </summary>
public static class ConditionTypes
{
    public const string Ready = "Ready";

    public const string Reconciling = "Reconciling";

    public const string Stalled = "Stalled";

    /// <summary>Workflow: every template and McpServer its steps name exists (False is a warning: the workflow stays Ready).</summary>
    public const string ReferencesResolved = "ReferencesResolved";
}
