using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Networking;
using k8s.Models;

namespace DynamoMcp.Operator.McpServers;

/// <summary>
/// The server's NetworkPolicy: ingress only from the platform's bridge and operator pods on the MCP port; egress only
/// to DNS and <c>spec.egress</c>. A rule with a CIDR is exact; a rule naming a host opens its ports towards
/// <see cref="McpServerOptions.HostEgressCidrs"/> (NetworkPolicy cannot match names; a DNS-aware CNI such as Cilium can
/// narrow it). Pure.
/// </summary>
public static class McpServerNetworkPolicyBuilder
{
    /// <summary>Components of the chart whose pods may connect to servers.</summary>
    public static readonly IReadOnlyList<string> ClientComponents = ["bridge", "operator"];

    public static V1NetworkPolicy Build(McpServer server, McpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        var clients = new V1NetworkPolicyPeer
        {
            PodSelector = new V1LabelSelector
            {
                MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "dynamo-mcp" },
                MatchExpressions = [new V1LabelSelectorRequirement { Key = WellKnown.Labels.Component, OperatorProperty = "In", Values = [.. ClientComponents] }],
            },
            NamespaceSelector = string.IsNullOrEmpty(options.PlatformNamespace)
                ? new V1LabelSelector()
                : new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = options.PlatformNamespace } },
        };
        var egress = new List<V1NetworkPolicyEgressRule>
        {
            new() { Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }] },
        };
        foreach (var rule in server.Spec.Egress?.Allow ?? [])
        {
            var peers = rule.Cidr is { } cidr ? [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = cidr } }] : HostEgressPeers.For(rule.Host!, options.HostEgressCidrs, options.EgressExcept);
            if (peers.Count == 0)
            {
                // No CIDRs configured for host names: the host stays unreachable (an empty `to` would open every destination).
                continue;
            }

            egress.Add(new V1NetworkPolicyEgressRule
            {
                Ports = [.. (rule.Ports is { Count: > 0 } ports ? ports : [443]).Select(p => new V1NetworkPolicyPort { Protocol = "TCP", Port = p })],
                To = peers,
            });
        }

        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = McpServerChildren.Metadata(server),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = McpServerChildren.SelectorLabels(server) },
                PolicyTypes = ["Ingress", "Egress"],
                Ingress =
                [
                    new V1NetworkPolicyIngressRule
                    {
                        FromProperty = [clients],
                        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = McpServerChildren.Port(server) }],
                    },
                ],
                Egress = egress,
            },
        };
    }
}
