using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class WorkflowStatus : IDynamoStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Ready (the DAG is valid: no cycles, known references), Reconciling and Stalled.")]
    [ListType("map", "type")]
    [MaxLength(16)]
    public IList<V1Condition> Conditions { get; set; } = [];

    [JsonPropertyName("stepCount")]
    [Description("Number of steps, for kubectl get.")]
    public int? StepCount { get; set; }
}
