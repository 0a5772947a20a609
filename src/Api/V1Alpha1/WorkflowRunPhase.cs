using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Lifecycle phase of a WorkflowRun.")]
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowRunPhase>))]
public enum WorkflowRunPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
