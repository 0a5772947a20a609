using System.Security.Claims;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>Who is calling: a name for logs and errors, the namespace they work in, and whom to impersonate.</summary>
/// <param name="KubernetesUser">Null means "act as the bridge itself" (authentication disabled, local mode).</param>
public sealed record BridgeIdentity(string Name, string Namespace, string? KubernetesUser, IReadOnlyList<string> KubernetesGroups)
{
    /// <summary>Set when the caller is an agent of this platform (see <see cref="AgentCaller"/>); null for people and their clients.</summary>
    public AgentCaller? Agent { get; init; }

    public const string NamespaceClaim = "dynamo-mcp.io/namespace";
    public const string KubernetesUserClaim = "dynamo-mcp.io/kube-user";
    public const string KubernetesGroupClaim = "dynamo-mcp.io/kube-group";
    public const string AgentClaim = "dynamo-mcp.io/agent";
    public const string AgentToolClaim = "dynamo-mcp.io/agent-tool";

    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, Name),
            new(ClaimTypes.Name, Name),
            new(NamespaceClaim, Namespace),
        };
        if (KubernetesUser is not null)
        {
            claims.Add(new Claim(KubernetesUserClaim, KubernetesUser));
        }

        claims.AddRange(KubernetesGroups.Select(g => new Claim(KubernetesGroupClaim, g)));
        if (Agent is not null)
        {
            claims.Add(new Claim(AgentClaim, Agent.Name));
            claims.AddRange(Agent.Tools.Select(t => new Claim(AgentToolClaim, t)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The identity of an authenticated principal; null when it carries no bridge claims.</summary>
    public static BridgeIdentity? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var name = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var ns = principal.FindFirstValue(NamespaceClaim);
        if (name is null || ns is null)
        {
            return null;
        }

        var agent = principal.FindFirstValue(AgentClaim);
        return new BridgeIdentity(
            name,
            ns,
            agent is not null ? principal.FindFirstValue(KubernetesUserClaim) : principal.FindFirstValue(KubernetesUserClaim) ?? name,
            principal.FindAll(KubernetesGroupClaim).Select(c => c.Value).ToArray())
        {
            Agent = agent is null ? null : new AgentCaller(agent, [.. principal.FindAll(AgentToolClaim).Select(c => c.Value)]),
        };
    }
}
