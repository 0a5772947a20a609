using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using DynamoMcp.Api.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class WorkflowRunStatus : IDynamoStatus
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
    [Description("Where the run is: Pending, Running, Succeeded or Failed.")]
    public WorkflowRunPhase? Phase { get; set; }

    [JsonPropertyName("steps")]
    [Description("Status of each step, in workflow order.")]
    [ListType("map", "name")]
    public IList<WorkflowStepStatus>? Steps { get; set; }

    [JsonPropertyName("progress")]
    [Description("Finished steps of all steps, for example 3/5 (kubectl get's PROGRESS).")]
    public string? Progress { get; set; }

    [JsonPropertyName("outputs")]
    [Description("The run's outputs, evaluated from the workflow's outputs expressions after success; absent here when larger than 4 KiB (see outputsConfigMap).")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Outputs { get; set; }

    [JsonPropertyName("outputsConfigMap")]
    [Description("The owned ConfigMap that holds the run's outputs (key outputs.json) when they are larger than 4 KiB.")]
    public string? OutputsConfigMap { get; set; }

    [JsonPropertyName("stoppedChildren")]
    [Description("Children the run stopped (timeout, cancel, deadline), recorded before they are deleted: each counts as a failed attempt.")]
    [ListType("map", "name")]
    [MaxLength(1000)]
    public IList<WorkflowStoppedChild>? StoppedChildren { get; set; }

    [JsonPropertyName("startTime")]
    [Description("When the first step started.")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    [Description("When the run succeeded or failed.")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("message")]
    [Description("Human-readable summary, for a failure the failing step and why.")]
    public string? Message { get; set; }
}
