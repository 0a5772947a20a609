namespace DynamoMcp.McpBridge.Hosting;

/// <summary>
/// OIDC / JWT bearer tokens as an alternative to API keys (section <c>Bridge:Auth:Jwt</c>). On when
/// <see cref="Authority"/> or a local signing key is set. A bearer token that looks like a JWT (three dot-separated
/// parts) is validated here; anything else is treated as an API key.
/// </summary>
public sealed class BridgeJwtOptions
{
    /// <summary>The OIDC issuer; its discovery document gives the signing keys (unless a local key is set).</summary>
    public Uri? Authority { get; set; }

    /// <summary>Expected <c>aud</c>; required when JWTs are on.</summary>
    public string? Audience { get; set; }

    /// <summary>Expected <c>iss</c> when there is no <see cref="Authority"/> (local keys).</summary>
    public string? Issuer { get; set; }

    /// <summary>Base64 HMAC key (HS256) to validate tokens without any network, e.g. for tests or an internal issuer.</summary>
    public string? SymmetricKey { get; set; }

    /// <summary>PEM of an RSA public key (RS256) to validate tokens without any network.</summary>
    public string? RsaPublicKeyPem { get; set; }

    /// <summary>Claim holding the namespace the caller works in; a token without it is rejected.</summary>
    public string NamespaceClaim { get; set; } = "dynamo-mcp.io/namespace";

    /// <summary>Claim holding the Kubernetes user to impersonate.</summary>
    public string UserClaim { get; set; } = "sub";

    /// <summary>Claim holding the Kubernetes groups (a JSON array or repeated claim).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Prefixes added to the user and groups before impersonation (as the API server's --oidc-username-prefix).</summary>
    public string UserPrefix { get; set; } = "";

    public string GroupsPrefix { get; set; } = "";

    public bool Enabled => Authority is not null || SymmetricKey is not null || RsaPublicKeyPem is not null;
}
