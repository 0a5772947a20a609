using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Outbound traffic an MCP server may make, rendered into a NetworkPolicy.")]
public sealed class EgressPolicy
{
    [JsonPropertyName("allow")]
    [Description("Allowed destinations; DNS is always allowed.")]
    [MaxLength(64)]
    public IList<EgressRule>? Allow { get; set; }
}
