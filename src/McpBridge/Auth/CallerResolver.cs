using System.Security.Claims;
using DynamoMcp.McpBridge.Hosting;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>Maps the user of an MCP request to the identity the bridge acts for.</summary>
public sealed class CallerResolver(IOptions<BridgeOptions> options)
{
    private readonly BridgeIdentity _anonymous = new("anonymous", options.Value.DefaultNamespace, null, []);

    public BridgeIdentity Resolve(ClaimsPrincipal? user)
    {
        if (!options.Value.Auth.Enabled)
        {
            // An agent is an agent even where people need no key (local mode): its parentRef and allowlist depend on it.
            return user?.Identity?.AuthenticationType == AgentTokenAuthenticator.SchemeName && BridgeIdentity.FromPrincipal(user) is { Agent: not null } agent
                ? agent
                : _anonymous;
        }

        return BridgeIdentity.FromPrincipal(user)
            ?? throw new McpException("Not authenticated: send 'Authorization: Bearer <API key>' with every request.");
    }

    /// <summary>The namespace a call targets: the caller's own unless the caller named another one.</summary>
    public static string TargetNamespace(BridgeIdentity caller, string? requested) =>
        string.IsNullOrWhiteSpace(requested) ? caller.Namespace : requested.Trim();
}
