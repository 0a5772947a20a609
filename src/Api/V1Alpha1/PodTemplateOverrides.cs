using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Overrides merged into the pod template the operator builds; security settings stay restricted.")]
public sealed class PodTemplateOverrides
{
    [JsonPropertyName("labels")]
    [Description("Extra pod labels.")]
    public IDictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("annotations")]
    [Description("Extra pod annotations.")]
    public IDictionary<string, string>? Annotations { get; set; }

    [JsonPropertyName("nodeSelector")]
    [Description("Node labels the pod must be scheduled on.")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    [JsonPropertyName("tolerations")]
    [Description("Tolerations of the pod.")]
    [MaxLength(32)]
    public IList<V1Toleration>? Tolerations { get; set; }

    [JsonPropertyName("serviceAccountName")]
    [Description("Service account of the pod (for cloud workload identity); its token is mounted only when set.")]
    [MaxLength(253)]
    public string? ServiceAccountName { get; set; }

    [JsonPropertyName("priorityClassName")]
    [Description("Priority class of the pod.")]
    [MaxLength(253)]
    public string? PriorityClassName { get; set; }

    [JsonPropertyName("runtimeClassName")]
    [Description("RuntimeClass of the pod, for example gvisor.")]
    [MaxLength(253)]
    public string? RuntimeClassName { get; set; }
}
