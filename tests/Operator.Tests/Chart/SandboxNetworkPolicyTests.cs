using k8s.Models;

namespace DynamoMcp.Operator.Tests.Chart;

/// <summary>Sandbox pods run untrusted template code: their network starts closed.</summary>
[Collection(HelmCollection.Name)]
public sealed class SandboxNetworkPolicyTests(HelmFixture helm)
{
    private static bool SelectsSandbox(V1NetworkPolicy policy) =>
        policy.Spec.PodSelector.MatchLabels?.TryGetValue("dynamo-mcp.io/sandbox", out var value) == true && value == "true";

    [Fact]
    public async Task Sandbox_pods_are_denied_all_ingress_and_all_egress_but_dns_and_render_pods_even_dns()
    {
        var manifests = await helm.RenderAsync([], TestContext.Current.CancellationToken);
        var policies = manifests.All<V1NetworkPolicy>("NetworkPolicy").Where(SelectsSandbox).ToList();
        policies.Should().HaveCount(2);
        var floor = policies.Single(p => p.Spec.PodSelector.MatchLabels.Count == 1);
        var render = policies.Single(p => p.Spec.PodSelector.MatchLabels.Count == 2);

        // Together they select every sandbox pod, whatever else it is labelled: render pods the second, all others the first.
        floor.Spec.PodSelector.MatchExpressions.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new V1LabelSelectorRequirement { Key = "dynamo-mcp.io/purpose", OperatorProperty = "NotIn", Values = ["render"] });
        render.Spec.PodSelector.MatchLabels.Should().Contain("dynamo-mcp.io/purpose", "render");
        render.Spec.PodSelector.MatchExpressions.Should().BeNullOrEmpty();
        foreach (var policy in policies)
        {
            policy.Metadata.NamespaceProperty.Should().Be(HelmFixture.Namespace);
            policy.Spec.PolicyTypes.Should().BeEquivalentTo(["Ingress", "Egress"]);
            (policy.Spec.Ingress ?? []).Should().BeEmpty("no one may connect to a sandbox pod");
        }

        (render.Spec.Egress ?? []).Should().BeEmpty("a render reads a stored snapshot and needs no network, not even DNS");
        floor.Spec.Egress.Should().NotBeEmpty();
        foreach (var rule in floor.Spec.Egress)
        {
            rule.To.Should().NotBeNullOrEmpty("an egress rule without peers would allow every destination");
            rule.To.Should().OnlyContain(peer => peer.IpBlock == null, "DNS is reached by selector, not by address range");
            rule.To.Should().OnlyContain(peer => peer.PodSelector != null && peer.PodSelector.MatchLabels.Count > 0);
            rule.Ports.Should().NotBeNullOrEmpty("an egress rule without ports would allow every port");
            rule.Ports.Should().OnlyContain(p => p.Port.Value == "53");
        }
    }

    [Fact]
    public async Task Every_listed_tenant_namespace_gets_the_default_deny()
    {
        var manifests = await helm.RenderAsync(["--values", helm.EverythingOnValues], TestContext.Current.CancellationToken);

        manifests.All<V1NetworkPolicy>("NetworkPolicy").Where(SelectsSandbox)
            .Select(p => p.Metadata.NamespaceProperty).Should().BeEquivalentTo(["team-a", "team-a", "team-b", "team-b"], "the floor and the render deny in each");
    }

    [Fact]
    public async Task Operator_egress_is_limited_to_dns_and_the_api_server()
    {
        var manifests = await helm.RenderAsync(["--values", helm.EverythingOnValues], TestContext.Current.CancellationToken);
        var policy = manifests.Single<V1NetworkPolicy>("NetworkPolicy", "dynamo-mcp-operator");

        policy.Spec.PolicyTypes.Should().Contain("Egress");
        policy.Spec.Egress.SelectMany(r => r.Ports).Select(p => p.Port.Value).Should().BeEquivalentTo(["53", "53", "6443"]);
        policy.Spec.Egress.SelectMany(r => r.To).Where(p => p.IpBlock != null).Select(p => p.IpBlock.Cidr)
            .Should().BeEquivalentTo(["10.0.0.1/32", "172.18.0.2/32"]);
    }

    [Fact]
    public async Task Bridge_accepts_ingress_on_its_http_port_only()
    {
        var manifests = await helm.RenderAsync([], TestContext.Current.CancellationToken);
        var policy = manifests.Single<V1NetworkPolicy>("NetworkPolicy", "dynamo-mcp-bridge");

        policy.Spec.PolicyTypes.Should().Contain("Ingress");
        policy.Spec.Ingress.Should().ContainSingle().Which.Ports.Should().ContainSingle().Which.Port.Value.Should().Be("http");
    }
}
