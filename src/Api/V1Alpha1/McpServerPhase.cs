using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Summary phase of an McpServer.")]
[JsonConverter(typeof(JsonStringEnumConverter<McpServerPhase>))]
public enum McpServerPhase
{
    Pending,
    Running,
    Degraded,
    Failed,
}
