using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class McpServerStatus : IDynamoStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Ready, Reconciling and Stalled (kstatus), readable by kubectl wait, Argo CD and Flux.")]
    [ListType("map", "type")]
    [MaxLength(16)]
    public IList<V1Condition> Conditions { get; set; } = [];

    [JsonPropertyName("phase")]
    [Description("Summary: Pending, Running, Degraded (some replicas not ready) or Failed.")]
    public McpServerPhase? Phase { get; set; }

    [JsonPropertyName("url")]
    [Description("In-cluster URL of the MCP endpoint.")]
    public string? Url { get; set; }

    [JsonPropertyName("replicas")]
    [Description("Current number of pods (the scale subresource's status.replicas).")]
    public int? Replicas { get; set; }

    [JsonPropertyName("readyReplicas")]
    [Description("Number of ready pods.")]
    public int? ReadyReplicas { get; set; }

    [JsonPropertyName("selector")]
    [Description("Label selector of the pods, in string form, for the scale subresource (HorizontalPodAutoscaler).")]
    public string? Selector { get; set; }

    [JsonPropertyName("tools")]
    [Description("Tools the server lists, after the tool filter.")]
    public IList<McpTool>? Tools { get; set; }

    [JsonPropertyName("protocolVersion")]
    [Description("The MCP protocol revision negotiated at the last discovery.")]
    public string? ProtocolVersion { get; set; }

    [JsonPropertyName("serverInfo")]
    [Description("The server's name and version from initialize.")]
    public McpServerInfo? ServerInfo { get; set; }

    [JsonPropertyName("lastDiscoveryTime")]
    [Description("When the tools were last listed.")]
    public DateTime? LastDiscoveryTime { get; set; }

    [JsonPropertyName("toolCount")]
    [Description("Number of offered tools, for kubectl get.")]
    public int? ToolCount { get; set; }
}
