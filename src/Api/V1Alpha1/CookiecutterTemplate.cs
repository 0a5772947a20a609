using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesEntity(Group = WellKnown.Group, ApiVersion = WellKnown.Version, Kind = KubeKind, PluralName = KubePlural)]
[Description("CookiecutterTemplate is a cookiecutter template source. The operator inspects it in a sandboxed Job and publishes its variables and their JSON Schema in status.")]
public sealed class CookiecutterTemplate : IKubernetesObject<V1ObjectMeta>, ISpec<CookiecutterTemplateSpec>, IStatus<CookiecutterTemplateStatus>, IDynamoResource
{
    public const string KubeKind = "CookiecutterTemplate";
    public const string KubePlural = "cookiecuttertemplates";

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
    [Description("Desired state: where the template comes from and how to run it.")]
    public CookiecutterTemplateSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("Observed state: resolved revision, variables and their schema.")]
    public CookiecutterTemplateStatus Status { get; set; } = new();

    IDynamoStatus IDynamoResource.CurrentStatus => Status ??= new CookiecutterTemplateStatus();
}
