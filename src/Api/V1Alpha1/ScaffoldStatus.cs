using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class ScaffoldStatus : IDynamoStatus
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
    [Description("Where the render is: Pending, Running, Succeeded or Failed.")]
    public ScaffoldPhase? Phase { get; set; }

    [JsonPropertyName("revision")]
    [Description("Template revision (commit SHA or archive SHA-256) that was rendered.")]
    public string? Revision { get; set; }

    [JsonPropertyName("files")]
    [Description("The rendered files, relative to the project root.")]
    public IList<ScaffoldFile>? Files { get; set; }

    [JsonPropertyName("fileCount")]
    [Description("Number of rendered files, for kubectl get.")]
    public int? FileCount { get; set; }

    [JsonPropertyName("artifact")]
    [Description("Where the rendered project archive is stored.")]
    public ScaffoldArtifact? Artifact { get; set; }

    [JsonPropertyName("update")]
    [Description("For spec.updateFrom: the patch from the earlier project to this one.")]
    public ScaffoldUpdateStatus? Update { get; set; }

    [JsonPropertyName("startTime")]
    [Description("When the render Job started.")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    [Description("When the Scaffold succeeded or failed.")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("message")]
    [Description("Human-readable summary of the last transition, including what to do after a failure.")]
    public string? Message { get; set; }
}
