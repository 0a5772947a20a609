using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Lifecycle phase of an Agent.")]
[JsonConverter(typeof(JsonStringEnumConverter<AgentPhase>))]
public enum AgentPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Terminated,
}
