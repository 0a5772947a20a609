using System.Security.Claims;
using DynamoMcp.McpBridge.Hosting;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>Maps the claims of a validated JWT to the bridge identity, by the claim names the options give.</summary>
public static class JwtIdentityMapper
{
    /// <returns>The identity, or null with the reason the token cannot be used.</returns>
    public static (BridgeIdentity? Identity, string? Problem) Map(ClaimsPrincipal principal, BridgeJwtOptions options)
    {
        var user = principal.FindFirstValue(options.UserClaim);
        if (string.IsNullOrWhiteSpace(user))
        {
            return (null, $"The token has no '{options.UserClaim}' claim naming the user.");
        }

        var ns = principal.FindFirstValue(options.NamespaceClaim);
        if (string.IsNullOrWhiteSpace(ns))
        {
            return (null, $"The token has no '{options.NamespaceClaim}' claim naming the caller's namespace; ask the identity provider's administrator to add it.");
        }

        var groups = principal.FindAll(options.GroupsClaim)
            .Select(c => c.Value)
            .Where(g => !string.IsNullOrWhiteSpace(g))
            .Select(g => options.GroupsPrefix + g)
            .ToArray();
        var kubernetesUser = options.UserPrefix + user;
        return (new BridgeIdentity(kubernetesUser, ns, kubernetesUser, groups), null);
    }
}
