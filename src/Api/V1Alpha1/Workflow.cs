using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesEntity(Group = WellKnown.Group, ApiVersion = WellKnown.Version, Kind = KubeKind, PluralName = KubePlural)]
[Description("Workflow is a reusable DAG of steps (MCP tool calls, scaffolds, containers) with an input schema. Run it with a WorkflowRun.")]
public sealed class Workflow : IKubernetesObject<V1ObjectMeta>, ISpec<WorkflowSpec>, IStatus<WorkflowStatus>, IDynamoResource
{
    public const string KubeKind = "Workflow";
    public const string KubePlural = "workflows";

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
    [Description("Desired state: inputs schema, steps and outputs.")]
    public WorkflowSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("Observed state: whether the DAG is valid.")]
    public WorkflowStatus Status { get; set; } = new();

    IDynamoStatus IDynamoResource.CurrentStatus => Status ??= new WorkflowStatus();
}
