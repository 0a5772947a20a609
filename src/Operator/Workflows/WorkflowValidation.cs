namespace DynamoMcp.Operator.Workflows;

/// <summary>What validating a Workflow found.</summary>
/// <param name="Problems">What blocks the workflow, each naming the step and field ("steps[1] 'verify'.when: …").</param>
/// <param name="Templates">Names of the CookiecutterTemplates its scaffold steps use.</param>
/// <param name="Servers">Names of the McpServers its toolCall steps use.</param>
public sealed record WorkflowValidation(IReadOnlyList<string> Problems, IReadOnlySet<string> Templates, IReadOnlySet<string> Servers)
{
    public bool IsValid => Problems.Count == 0;
}
