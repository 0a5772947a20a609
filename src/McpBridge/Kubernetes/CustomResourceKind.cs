using DynamoMcp.Api;

namespace DynamoMcp.McpBridge.Kubernetes;

/// <summary>A Dynamo MCP custom resource kind as the REST API addresses it.</summary>
public sealed record CustomResourceKind(string Kind, string Plural)
{
    public const string Version = "v1alpha1";

    public static readonly CustomResourceKind CookiecutterTemplate = new("CookiecutterTemplate", "cookiecuttertemplates");

    public static readonly CustomResourceKind Scaffold = new("Scaffold", "scaffolds");

    public static readonly CustomResourceKind McpServer = new("McpServer", "mcpservers");

    public static readonly CustomResourceKind Workflow = new("Workflow", "workflows");

    public static readonly CustomResourceKind WorkflowRun = new("WorkflowRun", "workflowruns");

    public string Group => WellKnown.Group;

    public string ApiVersion => $"{WellKnown.Group}/{Version}";
}
