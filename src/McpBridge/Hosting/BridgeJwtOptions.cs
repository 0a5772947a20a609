using System.ComponentModel;
namespace DynamoMcp.McpBridge.Hosting;

/// <summary>
/// OIDC / JWT bearer tokens as an alternative to API keys (section <c>Bridge:Auth:Jwt</c>). On when
/// <see cref="Authority"/> or a local signing key is set. A bearer token that looks like a JWT (three dot-separated
/// parts) is validated here; anything else is treated as an API key.
/// </summary>
public sealed class BridgeJwtOptions
{
    /// <summary>The OIDC issuer; its discovery document gives the signing keys (unless a local key is set).</summary>
    [Description("OIDC issuer whose discovery document gives the signing keys; setting it turns JWTs on.")]
    public Uri? Authority { get; set; }

    /// <summary>Expected <c>aud</c>; required when JWTs are on.</summary>
    [Description("Expected aud of JWTs; required when JWTs are on.")]
    public string? Audience { get; set; }

    /// <summary>Expected <c>iss</c> when there is no <see cref="Authority"/> (local keys).</summary>
    [Description("Expected iss when validating with a local key.")]
    public string? Issuer { get; set; }

    /// <summary>Base64 HMAC key (HS256) to validate tokens without any network, e.g. for tests or an internal issuer.</summary>
    [Description("Base64 HMAC key (HS256) to validate JWTs locally; turns JWTs on.")]
    public string? SymmetricKey { get; set; }

    /// <summary>PEM of an RSA public key (RS256) to validate tokens without any network.</summary>
    [Description("PEM of an RSA public key (RS256) to validate JWTs locally; turns JWTs on.")]
    public string? RsaPublicKeyPem { get; set; }

    /// <summary>Claim holding the namespace the caller works in; a token without it is rejected.</summary>
    [Description("Claim with the namespace the caller works in (required in every token).")]
    public string NamespaceClaim { get; set; } = "dynamo-mcp.io/namespace";

    /// <summary>Claim holding the Kubernetes user to impersonate.</summary>
    [Description("Claim with the Kubernetes user to impersonate.")]
    public string UserClaim { get; set; } = "sub";

    /// <summary>Claim holding the Kubernetes groups (a JSON array or repeated claim).</summary>
    [Description("Claim with the Kubernetes groups to impersonate.")]
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Prefixes added to the user and groups before impersonation (as the API server's --oidc-username-prefix).</summary>
    [Description("Prefix added to the user before impersonation.")]
    public string UserPrefix { get; set; } = "";

    [Description("Prefix added to each group before impersonation.")]
    public string GroupsPrefix { get; set; } = "";

    public bool Enabled => Authority is not null || SymmetricKey is not null || RsaPublicKeyPem is not null;
}
