using DynamoMcp.Api.V1Alpha1;
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
        return ScaffoldOutputs.Endpoint(scaffold.Spec.Output) is { } endpoint && SandboxNetworkPolicyBuilder.HostRule(endpoint, options) is { } host
            ? SandboxNetworkPolicyBuilder.Policy(scaffold, "output-egress", ScaffoldRenderJobBuilder.Purpose, [SandboxNetworkPolicyBuilder.DnsRule(), host], denyIngress: false)
            : null;
    }
}
