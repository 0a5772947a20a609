using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.McpServers;
using DynamoMcp.Operator.Networking;
using k8s.Models;

namespace DynamoMcp.Operator.Agents;

/// <summary>
/// An agent pod's NetworkPolicy (pure): no ingress at all; egress only to DNS, the platform's bridge pods on the
/// bridge's port, and the model endpoint's host on its port (an IP literal exactly; a host name towards the configured
/// CIDRs minus the exceptions, as for McpServers: NetworkPolicy cannot match names).
/// </summary>
public static class AgentNetworkPolicyBuilder
{
    public static V1NetworkPolicy Build(Agent agent, string modelEndpoint, AgentOptions options, McpServerOptions network)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(modelEndpoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(network);
        var egress = new List<V1NetworkPolicyEgressRule>
        {
            new() { Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }] },
        };
        if (Uri.TryCreate(options.BridgeUrl, UriKind.Absolute, out var bridge))
        {
            egress.Add(new V1NetworkPolicyEgressRule
            {
                Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = bridge.Port }],
                To =
                [
                    new V1NetworkPolicyPeer
                    {
                        PodSelector = new V1LabelSelector
                        {
                            MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "dynamo-mcp", [WellKnown.Labels.Component] = "bridge" },
                        },
                        NamespaceSelector = string.IsNullOrEmpty(network.PlatformNamespace)
                            ? new V1LabelSelector()
                            : new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = network.PlatformNamespace } },
                    },
                ],
            });
        }

        if (Uri.TryCreate(modelEndpoint, UriKind.Absolute, out var model)
            && HostEgressPeers.For(model.IdnHost.Trim('[', ']'), network.HostEgressCidrs, network.EgressExcept) is { Count: > 0 } peers)
        {
            egress.Add(new V1NetworkPolicyEgressRule { Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = model.Port }], To = peers });
        }

        var meta = AgentChildren.Metadata(agent);
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = meta,
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(meta.Labels, StringComparer.Ordinal) },
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = [],
                Egress = egress,
            },
        };
    }
}
