using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("A child the run stopped: recorded first, then deleted, so the attempt stays failed after the child is gone.")]
public sealed class WorkflowStoppedChild
{
    [JsonPropertyName("name")]
    [Description("The child's name.")]
    [Required, MinLength(1), MaxLength(253)]
    public string Name { get; set; } = "";

    [JsonPropertyName("step")]
    [Description("The step it ran.")]
    [Required, MinLength(1), MaxLength(63)]
    public string Step { get; set; } = "";

    [JsonPropertyName("item")]
    [Description("The item of a fan-out it ran, if any.")]
    public int? Item { get; set; }

    [JsonPropertyName("attempt")]
    [Description("Which attempt it was, from 1.")]
    [Range(1, 11)]
    public int Attempt { get; set; } = 1;

    [JsonPropertyName("reason")]
    [Description("Timeout, Cancelled or DeadlineExceeded.")]
    public string? Reason { get; set; }

    [JsonPropertyName("message")]
    [Description("Why, in a sentence.")]
    public string? Message { get; set; }

    [JsonPropertyName("time")]
    [Description("When it was stopped.")]
    public DateTime? Time { get; set; }
}
