using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Lifecycle phase of a Scaffold.")]
[JsonConverter(typeof(JsonStringEnumConverter<ScaffoldPhase>))]
public enum ScaffoldPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
}
