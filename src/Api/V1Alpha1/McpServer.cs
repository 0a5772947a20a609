using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesEntity(Group = WellKnown.Group, ApiVersion = WellKnown.Version, Kind = KubeKind, PluralName = KubePlural)]
[Description("McpServer is an MCP server to run. The operator runs it as a Deployment with a Service and an egress NetworkPolicy, discovers its tools, and the MCP bridge offers them to clients.")]
public sealed class McpServer : IKubernetesObject<V1ObjectMeta>, ISpec<McpServerSpec>, IStatus<McpServerStatus>, IDynamoResource
{
    public const string KubeKind = "McpServer";
    public const string KubePlural = "mcpservers";

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
    [Description("Desired state: image, transport, scaling and network policy.")]
    public McpServerSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("Observed state: URL, replicas and discovered tools.")]
    public McpServerStatus Status { get; set; } = new();

    IDynamoStatus IDynamoResource.CurrentStatus => Status ??= new McpServerStatus();
}
