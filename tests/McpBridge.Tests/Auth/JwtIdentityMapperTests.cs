using System.Security.Claims;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Hosting;

namespace DynamoMcp.McpBridge.Tests.Auth;

public sealed class JwtIdentityMapperTests
{
    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    [Fact]
    public void Claims_named_by_the_options_become_namespace_user_and_groups_with_prefixes()
    {
        var options = new BridgeJwtOptions { UserClaim = "email", NamespaceClaim = "tenant", GroupsClaim = "roles", UserPrefix = "oidc:", GroupsPrefix = "oidc:" };

        var (identity, problem) = JwtIdentityMapper.Map(
            Principal(("email", "alice@example.com"), ("tenant", "team-a"), ("roles", "devs"), ("roles", "ops"), ("sub", "ignored")), options);

        problem.Should().BeNull();
        identity!.Namespace.Should().Be("team-a");
        identity.KubernetesUser.Should().Be("oidc:alice@example.com");
        identity.KubernetesGroups.Should().Equal("oidc:devs", "oidc:ops");
    }

    [Fact]
    public void A_token_without_a_namespace_or_user_is_refused_with_the_claim_it_lacks()
    {
        var options = new BridgeJwtOptions();

        JwtIdentityMapper.Map(Principal(("sub", "bob")), options).Problem.Should().Contain("'dynamo-mcp.io/namespace'");
        JwtIdentityMapper.Map(Principal(("dynamo-mcp.io/namespace", "team-b")), options).Problem.Should().Contain("'sub'");
    }
}
