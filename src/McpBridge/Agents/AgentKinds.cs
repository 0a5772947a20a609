using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Kubernetes;

namespace DynamoMcp.McpBridge.Agents;

/// <summary>The agent kinds as the REST API addresses them (for the namespace access probe).</summary>
public static class AgentKinds
{
    public static readonly CustomResourceKind Agent = new(Api.V1Alpha1.Agent.KubeKind, Api.V1Alpha1.Agent.KubePlural);

    public static readonly CustomResourceKind ModelConfig = new(Api.V1Alpha1.ModelConfig.KubeKind, Api.V1Alpha1.ModelConfig.KubePlural);

    /// <summary>Phases after which an agent never changes again.</summary>
    public static bool IsFinished(AgentPhase phase) => phase is AgentPhase.Succeeded or AgentPhase.Failed or AgentPhase.Terminated;

    /// <summary>The phase the operator wrote; Pending until it wrote one.</summary>
    public static AgentPhase PhaseOf(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.Status?.Phase ?? AgentPhase.Pending;
    }
}
