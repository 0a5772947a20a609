using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class ModelConfigList : IKubernetesObject<V1ListMeta>, IItems<ModelConfig>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = WellKnown.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = ModelConfig.KubeKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<ModelConfig> Items { get; set; } = [];
}
