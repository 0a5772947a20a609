using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>With authentication on, agent tokens are routed here: the principal <see cref="AgentTokenMiddleware"/> established.</summary>
public sealed class AgentPrincipalHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(Context.Items.TryGetValue(AgentTokenMiddleware.AgentPrincipalItem, out var value) && value is ClaimsPrincipal principal
            ? AuthenticateResult.Success(new AuthenticationTicket(principal, AgentTokenAuthenticator.SchemeName))
            : AuthenticateResult.NoResult());
}
