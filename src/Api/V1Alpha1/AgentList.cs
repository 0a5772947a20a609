using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class AgentList : IKubernetesObject<V1ListMeta>, IItems<Agent>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = WellKnown.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = Agent.KubeKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<Agent> Items { get; set; } = [];
}
