using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesEntity(Group = WellKnown.Group, ApiVersion = WellKnown.Version, Kind = KubeKind, PluralName = KubePlural)]
[Description("WorkflowRun is one execution of a Workflow with inputs. The operator runs its steps in dependency order and records per-step status and outputs.")]
public sealed class WorkflowRun : IKubernetesObject<V1ObjectMeta>, ISpec<WorkflowRunSpec>, IStatus<WorkflowRunStatus>, IDynamoResource
{
    public const string KubeKind = "WorkflowRun";
    public const string KubePlural = "workflowruns";

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
    [Description("Desired state: which Workflow to run with which inputs. Immutable.")]
    public WorkflowRunSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("Observed state: phase, per-step status and outputs.")]
    public WorkflowRunStatus Status { get; set; } = new();

    IDynamoStatus IDynamoResource.CurrentStatus => Status ??= new WorkflowRunStatus();
}
