using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

[Description("One allowed destination: exactly one of host or cidr, with optional ports.")]
[KubernetesValidation("has(self.host) != has(self.cidr)", "set exactly one of host or cidr")]
public sealed class EgressRule
{
    [JsonPropertyName("host")]
    [Description("DNS name (for example api.github.com). Plain NetworkPolicies cannot match names: the operator resolves it, or a DNS-aware CNI (Cilium) enforces it.")]
    [MaxLength(253)]
    [RegularExpression("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    public string? Host { get; set; }

    [JsonPropertyName("cidr")]
    [Description("IP block in CIDR notation, for example 10.0.0.0/8.")]
    [MaxLength(64)]
    public string? Cidr { get; set; }

    [JsonPropertyName("ports")]
    [Description("TCP ports allowed; 443 when empty.")]
    [MaxLength(16)]
    [ListType("set")]
    public IList<int>? Ports { get; set; }
}
