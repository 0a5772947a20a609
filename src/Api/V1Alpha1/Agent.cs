using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesEntity(Group = WellKnown.Group, ApiVersion = WellKnown.Version, Kind = KubeKind, PluralName = KubePlural)]
[Description("Agent is an LLM agent working towards a goal with a tool allowlist over the bridge's tools, within token, turn and time budgets; it may spawn child agents, which get a share of its remaining budget. The operator runs it as a sandboxed Job.")]
public sealed class Agent : IKubernetesObject<V1ObjectMeta>, ISpec<AgentSpec>, IStatus<AgentStatus>, IDynamoResource, IOptimisticStatus
{
    public const string KubeKind = "Agent";
    public const string KubePlural = "agents";

    [JsonPropertyName("apiVersion")]
    [Description("APIVersion defines the versioned schema of this representation of an object.")]
    public string ApiVersion { get; set; } = WellKnown.ApiVersion;

    [JsonPropertyName("kind")]
    [Description("Kind is a string value representing the REST resource this object represents.")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    [Description("Standard object metadata.")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Description("Desired state: goal, model, tools, parent, budgets; set terminate to stop it and its descendants.")]
    public AgentSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("Observed state: phase, usage, result, children and a bounded transcript.")]
    public AgentStatus Status { get; set; } = new();

    IDynamoStatus IDynamoResource.CurrentStatus => Status ??= new AgentStatus();
}
