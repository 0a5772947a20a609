using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Auth;

/// <summary>
/// The API server's service-account token machinery: issues bound tokens (TokenRequest) signed with the cluster's
/// <see cref="ServiceAccountSigningKey"/>, and reviews them (TokenReview): signature, claims, audiences, and that
/// the service account and pod they are bound to still exist. Object lookups come in as functions, so the
/// decisions stay free of storage.
/// </summary>
internal sealed class ServiceAccountTokenIssuer(ServiceAccountSigningKey key, TimeProvider clock) : IDisposable
{
    /// <summary>The issuer (<c>iss</c>) of every token, as a cluster's default <c>--service-account-issuer</c>; stable across restarts and ports.</summary>
    public const string DefaultIssuer = "https://kubernetes.default.svc.cluster.local";

    public string Issuer => DefaultIssuer;

    /// <summary>The API server's own audiences: what a TokenRequest or TokenReview without audiences means.</summary>
    public IReadOnlyList<string> ApiAudiences => [Issuer];

    public ServiceAccountSigningKey Key => key;

    /// <summary>A token for service account <paramref name="account"/>, bound to <paramref name="pod"/> when one is given.</summary>
    public (string Token, DateTimeOffset Expires) Issue(
        string ns, (string Name, string Uid) account, (string Name, string Uid)? pod, IReadOnlyList<string> audiences, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var claims = new ServiceAccountTokenClaims
        {
            Issuer = Issuer,
            Audiences = audiences.Count > 0 ? audiences : ApiAudiences,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Namespace = ns,
            ServiceAccountName = account.Name,
            ServiceAccountUid = account.Uid,
            PodName = pod?.Name,
            PodUid = pod?.Uid,
            TokenId = Guid.NewGuid().ToString(),
        };
        return (ServiceAccountJwt.Encode(claims, key), claims.Expires);
    }

    /// <summary>
    /// Reviews <paramref name="token"/> for <paramref name="audiences"/> (empty: <see cref="ApiAudiences"/>).
    /// <paramref name="serviceAccount"/> and <paramref name="pod"/> look objects up by namespace and name.
    /// </summary>
    public (TokenCheck Check, ServiceAccountTokenClaims? Claims) Review(
        string token,
        IReadOnlyList<string> audiences,
        Func<string, string, BoundObjectState?> serviceAccount,
        Func<string, string, BoundObjectState?> pod)
    {
        var (claims, error) = ServiceAccountJwt.Decode(token, key);
        if (claims is null)
        {
            return (TokenCheck.Fail(error!), null);
        }

        var check = TokenValidator.CheckClaims(claims, Issuer, audiences.Count > 0 ? audiences : ApiAudiences, clock.GetUtcNow());
        if (!check.Authenticated)
        {
            return (check, claims);
        }

        var bound = TokenValidator.CheckBoundObjects(
            claims,
            serviceAccount(claims.Namespace, claims.ServiceAccountName),
            claims.PodName is { } podName ? pod(claims.Namespace, podName) : null);
        return (bound is null ? check : TokenCheck.Fail(bound), claims);
    }

    /// <summary>The API server's <c>/.well-known/openid-configuration</c>, with the key set served at <paramref name="serverUri"/>.</summary>
    public JsonObject OpenIdConfiguration(Uri serverUri) => new()
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = new Uri(serverUri, "openid/v1/jwks").ToString(),
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray(ServiceAccountJwt.Algorithm),
    };

    /// <summary>The API server's <c>/openid/v1/jwks</c>: the public key tokens are checked with.</summary>
    public JsonObject KeySet() => new() { ["keys"] = new JsonArray(key.PublicJwk()) };

    public void Dispose() => key.Dispose();
}
