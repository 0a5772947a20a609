using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class ModelConfigStatus : IDynamoStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Ready when the configuration is valid; Stalled naming what is wrong.")]
    [ListType("map", "type")]
    [MaxLength(16)]
    public IList<V1Condition> Conditions { get; set; } = [];

    [JsonPropertyName("endpoint")]
    [Description("The endpoint agents call (baseUrl or the provider's default).")]
    public string? Endpoint { get; set; }
}
