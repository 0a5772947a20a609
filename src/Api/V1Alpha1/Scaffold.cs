using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesEntity(Group = WellKnown.Group, ApiVersion = WellKnown.Version, Kind = KubeKind, PluralName = KubePlural)]
[Description("Scaffold is one project generation request: a template, variables and an output sink. The operator renders it in a sandboxed Job and records the files and where the result is stored.")]
public sealed class Scaffold : IKubernetesObject<V1ObjectMeta>, ISpec<ScaffoldSpec>, IStatus<ScaffoldStatus>, IDynamoResource
{
    public const string KubeKind = "Scaffold";
    public const string KubePlural = "scaffolds";

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
    [Description("Desired state: template, variables and output. Immutable: create a new Scaffold to render again.")]
    public ScaffoldSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("Observed state: phase, rendered revision, files and artifact.")]
    public ScaffoldStatus Status { get; set; } = new();

    IDynamoStatus IDynamoResource.CurrentStatus => Status ??= new ScaffoldStatus();
}
