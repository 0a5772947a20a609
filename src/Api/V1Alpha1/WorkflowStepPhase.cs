using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Lifecycle phase of one step of a WorkflowRun.")]
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStepPhase>))]
public enum WorkflowStepPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
}
