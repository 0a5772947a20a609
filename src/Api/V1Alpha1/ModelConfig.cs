using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesEntity(Group = WellKnown.Group, ApiVersion = WellKnown.Version, Kind = KubeKind, PluralName = KubePlural)]
[Description("ModelConfig is an LLM endpoint agents use: an OpenAI-compatible API (OpenAI, Ollama, vLLM, LiteLLM) or Anthropic's, the model, the Secret holding the API key and default generation settings.")]
public sealed class ModelConfig : IKubernetesObject<V1ObjectMeta>, ISpec<ModelConfigSpec>, IStatus<ModelConfigStatus>, IDynamoResource
{
    public const string KubeKind = "ModelConfig";
    public const string KubePlural = "modelconfigs";

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
    [Description("Desired state: provider, endpoint, model, API key Secret, defaults.")]
    public ModelConfigSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("Observed state: whether the configuration is valid.")]
    public ModelConfigStatus Status { get; set; } = new();

    IDynamoStatus IDynamoResource.CurrentStatus => Status ??= new ModelConfigStatus();
}
