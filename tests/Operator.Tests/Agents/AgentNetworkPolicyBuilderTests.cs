using DynamoMcp.Operator.Agents;
using DynamoMcp.Operator.McpServers;
using static DynamoMcp.Operator.Tests.Agents.AgentFixtures;

namespace DynamoMcp.Operator.Tests.Agents;

public sealed class AgentNetworkPolicyBuilderTests
{
    [Fact]
    public void An_agent_reaches_dns_the_bridge_and_its_model_endpoint_only_and_nothing_reaches_it()
    {
        var policy = AgentNetworkPolicyBuilder.Build(
            Agent("scout"), "https://api.openai.com/v1",
            new AgentOptions { BridgeUrl = "http://dynamo-mcp-bridge.platform.svc:8080/mcp" },
            new McpServerOptions { PlatformNamespace = "platform" });

        policy.Metadata.Name.Should().Be("scout-agent");
        policy.Spec.PolicyTypes.Should().Equal("Ingress", "Egress");
        policy.Spec.Ingress.Should().BeEmpty("no one connects to an agent");
        policy.Spec.PodSelector.MatchLabels.Should().Contain("dynamo-mcp.io/agent", "scout");
        var egress = policy.Spec.Egress;
        egress.Should().HaveCount(3);
        egress[0].Ports.Select(p => p.Port.Value).Should().Equal("53", "53");
        egress[1].Ports.Single().Port.Value.Should().Be("8080");
        egress[1].To.Single().PodSelector.MatchLabels.Should().Contain("app.kubernetes.io/component", "bridge");
        egress[1].To.Single().NamespaceSelector.MatchLabels.Should().Contain("kubernetes.io/metadata.name", "platform");
        egress[2].Ports.Single().Port.Value.Should().Be("443");
        egress[2].To.Select(t => t.IpBlock.Cidr).Should().Equal("0.0.0.0/0", "::/0");
        egress[2].To[0].IpBlock.Except.Should().Contain("169.254.0.0/16", "cloud metadata stays out of reach");
    }

    [Fact]
    public void A_model_at_an_ip_address_is_reached_at_that_address_alone()
    {
        var policy = AgentNetworkPolicyBuilder.Build(Agent("local"), "http://10.0.0.7:11434/v1", new AgentOptions(), new McpServerOptions());

        var model = policy.Spec.Egress[^1];
        model.Ports.Single().Port.Value.Should().Be("11434");
        model.To.Single().IpBlock.Cidr.Should().Be("10.0.0.7/32");
    }
}
