namespace DynamoMcp.McpBridge.Tools;

/// <summary>Descriptions several tools share, so they say the same thing everywhere.</summary>
internal static class ToolText
{
    public const string Namespace =
        "Kubernetes namespace to act in. Leave empty for your own namespace (the usual case); another namespace works only if your RBAC allows it.";

    public const string TemplateName = "Name of the CookiecutterTemplate, as list_templates shows it.";

    public const string McpServerName = "Name of the McpServer, as list_mcp_servers shows it.";

    public const string WorkflowName = "Name of the Workflow, as list_workflows shows it.";

    public const string WorkflowRunName = "Name of the workflow run (the WorkflowRun) as run_workflow returned it.";

    public const string ProjectName = "Name of the project (the Scaffold) as create_project returned it.";
}
