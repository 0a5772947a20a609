using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;API key&gt;</c> against the hashed keys of <see cref="ApiKeyStore"/>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore store) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length == 0)
        {
            return AuthenticateResult.Fail("Empty bearer token.");
        }

        await store.Loaded.WaitAsync(Context.RequestAborted).ConfigureAwait(false);
        var identity = store.Find(key);
        if (identity is null)
        {
            // Never log the key itself.
            return AuthenticateResult.Fail("Unknown API key.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(identity.ToPrincipal(SchemeName), SchemeName));
    }
}
