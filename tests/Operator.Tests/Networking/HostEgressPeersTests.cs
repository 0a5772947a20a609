using DynamoMcp.Operator.Networking;

namespace DynamoMcp.Operator.Tests.Networking;

/// <summary>Egress peers for a rule naming a host: its address alone when it is an IP, else the CIDRs minus the exceptions of their family.</summary>
public sealed class HostEgressPeersTests
{
    private static readonly string[] AnyAddress = ["0.0.0.0/0", "::/0"];

    [Theory]
    [InlineData("10.1.2.3", "10.1.2.3/32")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1/128")]
    public void An_ip_literal_opens_towards_that_address_alone(string host, string cidr)
    {
        var peers = HostEgressPeers.For(host, AnyAddress, ["169.254.0.0/16"]);

        peers.Should().ContainSingle().Which.IpBlock.Should().BeEquivalentTo(new { Cidr = cidr, Except = (IList<string>?)null });
    }

    [Fact]
    public void A_host_name_opens_towards_every_cidr_minus_the_exceptions_of_its_family()
    {
        var peers = HostEgressPeers.For("github.com", AnyAddress, ["169.254.0.0/16", "fd00:ec2::254/128", "100.100.100.200/32"]);

        peers.Select(p => p.IpBlock.Cidr).Should().Equal("0.0.0.0/0", "::/0");
        peers[0].IpBlock.Except.Should().Equal("169.254.0.0/16", "100.100.100.200/32");
        peers[1].IpBlock.Except.Should().Equal("fd00:ec2::254/128");
    }

    [Fact]
    public void A_cidr_without_exceptions_of_its_family_has_no_except_list()
    {
        var peers = HostEgressPeers.For("example.com", ["10.0.0.0/8", "::/0"], ["169.254.0.0/16"]);

        peers[0].IpBlock.Except.Should().Equal("169.254.0.0/16");
        peers[1].IpBlock.Except.Should().BeNull("an empty except list is not written");
    }

    [Fact]
    public void No_cidrs_means_no_peers_for_a_host_name()
    {
        HostEgressPeers.For("example.com", [], ["169.254.0.0/16"]).Should().BeEmpty();
    }
}
