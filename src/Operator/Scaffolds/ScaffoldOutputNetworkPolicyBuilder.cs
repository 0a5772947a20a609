using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Networking;
using DynamoMcp.Operator.Sandbox;
using k8s.Models;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// The NetworkPolicy of a Scaffold with a git or S3 output: its render pod may reach DNS and that host's port alone
/// (towards <see cref="SandboxOptions.GitEgressCidrs"/> minus the exceptions; an IP literal alone). It adds to the
/// template's deny-all render policy. Null without such an output, or when the host cannot be allowed. Pure.
/// </summary>
public static class ScaffoldOutputNetworkPolicyBuilder
{
    public static V1NetworkPolicy? Build(Scaffold scaffold, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(options);
        if (ScaffoldOutputs.Endpoint(scaffold.Spec.Output) is not { } endpoint
            || HostEgressPeers.For(endpoint.Host.Trim('[', ']'), options.GitEgressCidrs, options.GitEgressExcept) is not { Count: > 0 } peers)
        {
            return null;
        }

        var name = scaffold.Metadata.Name;
        var policy = new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = ChildNames.WithSuffix(name, "output-egress"),
                NamespaceProperty = scaffold.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(Scaffold.KubeKind, name), StringComparer.Ordinal),
                OwnerReferences = [SandboxJobBuilder.OwnerReference(scaffold.ApiVersion, Scaffold.KubeKind, scaffold.Metadata)],
            },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector
                {
                    MatchLabels = new Dictionary<string, string>
                    {
                        [SandboxLabels.Sandbox] = "true",
                        [WellKnown.Labels.ForKind(Scaffold.KubeKind)] = name,
                        [SandboxLabels.Purpose] = ScaffoldRenderJobBuilder.Purpose,
                    },
                },
                PolicyTypes = ["Egress"],
                Egress =
                [
                    new V1NetworkPolicyEgressRule
                    {
                        Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }],
                    },
                    new V1NetworkPolicyEgressRule
                    {
                        Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = endpoint.Port }],
                        To = peers,
                    },
                ],
            },
        };
        policy.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.Annotations.SpecHash] = ChildNames.Hash(policy.Spec) };
        return policy;
    }
}
