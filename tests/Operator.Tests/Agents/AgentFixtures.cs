using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Agents;

/// <summary>Agents and ModelConfigs as the tests of the pure agent parts need them.</summary>
internal static class AgentFixtures
{
    public static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    public static Agent Agent(string name, string? parent = null, long? maxTokens = null, int? maxDepth = null, int secondsAgo = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "team", Uid = name + "-uid", CreationTimestamp = Now.AddSeconds(-secondsAgo), Generation = 1 },
        Spec = new AgentSpec
        {
            Goal = "Do it",
            ModelConfigRef = new ModelConfigReference { Name = "model" },
            ParentRef = parent is null ? null : new AgentReference { Name = parent },
            MaxTokens = maxTokens,
            MaxDepth = maxDepth,
        },
    };

    public static Agent Admitted(this Agent agent, int depth, long? maxTokens, int maxDepth = 3, DateTime? deadline = null, long used = 0)
    {
        agent.Status.Budget = new AgentBudget { Depth = depth, MaxTokens = maxTokens, MaxDepth = maxDepth, Deadline = deadline ?? Now.AddMinutes(10) };
        agent.Status.Phase = AgentPhase.Running;
        agent.Status.Usage = new AgentUsage { TotalTokens = used };
        return agent;
    }

    public static ModelConfig Model(bool ready = true)
    {
        var model = new ModelConfig
        {
            Metadata = new V1ObjectMeta { Name = "model", NamespaceProperty = "team", Generation = 1 },
            Spec = new ModelConfigSpec { Model = "scripted", BaseUrl = "http://127.0.0.1:9/v1" },
        };
        model.Status.ObservedGeneration = 1;
        model.Status.Conditions.Set(ConditionTypes.Ready, ready ? ConditionStatus.True : ConditionStatus.False, ready ? "ModelConfigValid" : "InvalidSpec", "", 1, TimeProvider.System);
        return model;
    }
}
