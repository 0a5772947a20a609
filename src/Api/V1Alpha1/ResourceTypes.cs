namespace DynamoMcp.Api.V1Alpha1;

/// <summary>The v1alpha1 entity types, keyed the way KubernetesYaml.LoadAllFromString's typeMap expects.</summary>
public static class ResourceTypes
{
    /// <summary>"dynamo-mcp.io/v1alpha1/&lt;Kind&gt;" to the C# type.</summary>
    public static IReadOnlyDictionary<string, Type> TypeMap { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [$"{WellKnown.ApiVersion}/{CookiecutterTemplate.KubeKind}"] = typeof(CookiecutterTemplate),
        [$"{WellKnown.ApiVersion}/{Scaffold.KubeKind}"] = typeof(Scaffold),
        [$"{WellKnown.ApiVersion}/{McpServer.KubeKind}"] = typeof(McpServer),
        [$"{WellKnown.ApiVersion}/{Workflow.KubeKind}"] = typeof(Workflow),
        [$"{WellKnown.ApiVersion}/{WorkflowRun.KubeKind}"] = typeof(WorkflowRun),
        [$"{WellKnown.ApiVersion}/{ModelConfig.KubeKind}"] = typeof(ModelConfig),
        [$"{WellKnown.ApiVersion}/{Agent.KubeKind}"] = typeof(Agent),
    };
}
