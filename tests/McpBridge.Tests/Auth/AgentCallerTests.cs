using System.Text;
using DynamoMcp.McpBridge.Auth;

namespace DynamoMcp.McpBridge.Tests.Auth;

public sealed class AgentCallerTests
{
    private static string Jwt(string payload) =>
        $"{Base64Url("""{"alg":"RS256","kid":"k"}""")}.{Base64Url(payload)}.c2lnbmF0dXJl";

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void The_allowlist_takes_names_and_prefixes()
    {
        var agent = new AgentCaller("scout", ["list_templates", "memory__*", "spawn_agent"]);

        agent.Allows("list_templates").Should().BeTrue();
        agent.Allows("memory__read_graph").Should().BeTrue();
        agent.Allows("spawn_agent").Should().BeTrue();
        agent.Allows("list_templates_x").Should().BeFalse("a name is exact");
        agent.Allows("files__read").Should().BeFalse();
        new AgentCaller("none", []).Allows("list_templates").Should().BeFalse("no tools when the allowlist is empty");
    }

    [Fact]
    public void Only_a_jwt_for_the_bridge_audience_is_taken_for_an_agent_token()
    {
        const string pod = "\"kubernetes.io\":{\"namespace\":\"team\"}";
        AgentTokenAuthenticator.IsAgentToken(Jwt($$"""{"aud":["dynamo-mcp-agents"],"sub":"system:serviceaccount:team:scout-agent",{{pod}}}""")).Should().BeTrue();
        AgentTokenAuthenticator.IsAgentToken(Jwt($$"""{"aud":"dynamo-mcp-agents",{{pod}}}""")).Should().BeTrue();
        AgentTokenAuthenticator.IsAgentToken(Jwt($$"""{"aud":["https://kubernetes.default.svc"],{{pod}}}""")).Should().BeFalse("a token for another audience is not the agent's");
        AgentTokenAuthenticator.IsAgentToken(Jwt("""{"aud":["dynamo-mcp-agents"],"sub":"alice"}""")).Should().BeFalse("an OIDC login for the same audience carries no kubernetes.io claim");
        AgentTokenAuthenticator.IsAgentToken(Jwt("""{"sub":"x"}""")).Should().BeFalse();
        AgentTokenAuthenticator.IsAgentToken("dmk_an-api-key").Should().BeFalse();
        AgentTokenAuthenticator.IsAgentToken("a.!!!.c").Should().BeFalse();
    }

    [Fact]
    public void An_agent_identity_survives_its_principal()
    {
        var identity = new BridgeIdentity("agent:team/scout", "team", "system:serviceaccount:team:scout-agent", ["system:serviceaccounts"])
        {
            Agent = new AgentCaller("scout", ["memory__*"]),
        };

        var read = BridgeIdentity.FromPrincipal(identity.ToPrincipal(AgentTokenAuthenticator.SchemeName))!;

        read.Agent!.Name.Should().Be("scout");
        read.Agent.Tools.Should().Equal("memory__*");
        (read.Namespace, read.KubernetesUser).Should().Be(("team", "system:serviceaccount:team:scout-agent"));
        BridgeIdentity.FromPrincipal(new BridgeIdentity("alice", "team", null, []).ToPrincipal("ApiKey"))!.Agent.Should().BeNull();
    }
}
