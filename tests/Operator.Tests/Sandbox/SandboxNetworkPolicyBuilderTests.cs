using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Tests.Sandbox;

public sealed class SandboxNetworkPolicyBuilderTests
{
    [Theory]
    [InlineData("https://github.com/acme/t.git", "github.com", 443)]
    [InlineData("http://git.local:8080/t.git", "git.local", 8080)]
    [InlineData("ssh://git@gitlab.com/acme/t.git", "gitlab.com", 22)]
    [InlineData("git@github.com:acme/t.git", "github.com", 22)]
    [InlineData("git://example.org/t.git", "example.org", 9418)]
    public void The_git_host_port_is_found(string url, string host, int port)
    {
        var endpoint = SandboxNetworkPolicyBuilder.GitEndpoint(SandboxPodSpecs.Template(s => s.Source.Git!.Url = url).Spec.Source);

        endpoint.Should().Be((host, port));
    }

    [Fact]
    public void Policy_denies_ingress_and_allows_dns_and_the_git_port_only()
    {
        var policy = SandboxNetworkPolicyBuilder.Build(SandboxPodSpecs.Template(), new SandboxOptions());

        policy.Spec.PodSelector.MatchLabels.Should().Contain("dynamo-mcp.io/sandbox", "true").And.Contain("dynamo-mcp.io/cookiecuttertemplate", "web");
        policy.Spec.PolicyTypes.Should().BeEquivalentTo("Ingress", "Egress");
        policy.Spec.Ingress.Should().BeEmpty();
        policy.Spec.Egress.Should().HaveCount(2);
        policy.Spec.Egress[0].Ports.Select(p => $"{p.Protocol}/{p.Port}").Should().BeEquivalentTo("UDP/53", "TCP/53");
        policy.Spec.Egress[1].Ports.Select(p => $"{p.Protocol}/{p.Port}").Should().Equal("TCP/443");
        policy.Spec.Egress[1].To.Select(t => t.IpBlock.Cidr).Should().BeEquivalentTo("0.0.0.0/0", "::/0");
        policy.Spec.Egress[1].To.First(t => t.IpBlock.Cidr == "0.0.0.0/0").IpBlock.Except.Should().Contain("169.254.0.0/16");
    }

    [Fact]
    public void A_host_given_as_an_address_is_allowed_alone_and_a_local_path_gets_dns_only()
    {
        var byAddress = SandboxNetworkPolicyBuilder.Build(SandboxPodSpecs.Template(s => s.Source.Git!.Url = "https://10.1.2.3/t.git"), new SandboxOptions());
        byAddress.Spec.Egress[1].To.Should().ContainSingle().Which.IpBlock.Cidr.Should().Be("10.1.2.3/32");

        var local = SandboxNetworkPolicyBuilder.Build(SandboxPodSpecs.Template(s => s.Source.Git!.Url = "file:///srv/templates"), new SandboxOptions());
        local.Spec.Egress.Should().ContainSingle("only DNS");
    }

    [Fact]
    public void A_git_host_with_no_egress_cidrs_configured_gets_dns_only_not_an_open_rule()
    {
        var options = new SandboxOptions();
        options.GitEgressCidrs.Clear();

        var policy = SandboxNetworkPolicyBuilder.Build(SandboxPodSpecs.Template(), options);

        policy.Spec.Egress.Should().ContainSingle("only DNS: an egress rule with an empty `to` would match every destination");
    }

    [Theory]
    [InlineData("https://codeload.github.com/acme/t/zip/refs/heads/main", "codeload.github.com", 443)]
    [InlineData("http://files.local/t.tar.gz", "files.local", 80)]
    [InlineData("https://files.local:8443/t.zip", "files.local", 8443)]
    public void The_archive_server_port_is_opened_like_a_git_host(string url, string host, int port)
    {
        var template = SandboxPodSpecs.ArchiveTemplate(url);

        var policy = SandboxNetworkPolicyBuilder.Build(template, new SandboxOptions());

        SandboxNetworkPolicyBuilder.GitEndpoint(template.Spec.Source).Should().Be((host, port));
        policy.Spec.Egress.Should().HaveCount(2);
        policy.Spec.Egress[1].Ports.Select(p => $"{p.Protocol}/{p.Port}").Should().Equal($"TCP/{port}");
        policy.Spec.Egress[1].To.Select(t => t.IpBlock.Cidr).Should().BeEquivalentTo("0.0.0.0/0", "::/0");
    }

    [Fact]
    public void An_archive_server_given_as_an_address_is_allowed_alone()
    {
        var policy = SandboxNetworkPolicyBuilder.Build(SandboxPodSpecs.ArchiveTemplate("http://10.0.0.7:8080/t.zip"), new SandboxOptions());

        policy.Spec.Egress[1].Ports.Select(p => $"{p.Protocol}/{p.Port}").Should().Equal("TCP/8080");
        policy.Spec.Egress[1].To.Should().ContainSingle().Which.IpBlock.Cidr.Should().Be("10.0.0.7/32");
    }
}
