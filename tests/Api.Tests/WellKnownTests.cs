using DynamoMcp.Api;

namespace DynamoMcp.Api.Tests;

public sealed class WellKnownTests
{
    [Fact]
    public void Group_is_a_dns_subdomain() => WellKnown.Group.Should().MatchRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$");
}
