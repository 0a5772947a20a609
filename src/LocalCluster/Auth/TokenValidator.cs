using System.Globalization;

namespace DynamoMcp.LocalCluster.Auth;

/// <summary>
/// The decisions of the API server's service-account token authenticator, given already-verified claims: issuer,
/// exp/nbf/iat (with go-jose's one-minute leeway), audiences, and whether the service account and pod the token is
/// bound to still exist with the uids it names. Pure: the clock and the objects' state come in as arguments.
/// </summary>
internal static class TokenValidator
{
    /// <summary>Clock skew allowed on exp, nbf and iat (go-jose's DefaultLeeway, which the API server uses).</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    /// <summary>Checks the time claims and the audiences: the token must carry at least one of <paramref name="wanted"/>.</summary>
    public static TokenCheck CheckClaims(ServiceAccountTokenClaims claims, string issuer, IReadOnlyList<string> wanted, DateTimeOffset now)
    {
        if (claims.Issuer != issuer)
        {
            return TokenCheck.Fail($"invalid bearer token, token issuer \"{claims.Issuer}\" is not \"{issuer}\"");
        }

        if (now > claims.Expires + Leeway)
        {
            return TokenCheck.Fail("invalid bearer token, service account token has expired (exp " + Time(claims.Expires) + ")");
        }

        if (now + Leeway < claims.NotBefore)
        {
            return TokenCheck.Fail("invalid bearer token, service account token is not valid yet (nbf " + Time(claims.NotBefore) + ")");
        }

        if (now + Leeway < claims.IssuedAt)
        {
            return TokenCheck.Fail("invalid bearer token, service account token was issued in the future (iat " + Time(claims.IssuedAt) + ")");
        }

        var matched = wanted.Where(a => claims.Audiences.Contains(a, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        return matched.Count == 0
            ? TokenCheck.Fail($"invalid bearer token, token audiences {List(claims.Audiences)} is invalid for the target audiences {List(wanted)}")
            : new TokenCheck(true, matched, null);
    }

    /// <summary>
    /// Null when the service account (and the pod, for a pod-bound token) still exist with the token's uids and are not
    /// being deleted; else why the token no longer holds. Deleting an agent's pod revokes its token this way.
    /// </summary>
    public static string? CheckBoundObjects(ServiceAccountTokenClaims claims, BoundObjectState? account, BoundObjectState? pod)
    {
        const string Invalidated = "invalid bearer token, service account token has been invalidated: ";
        if (account is null)
        {
            return Invalidated + $"serviceaccount \"{claims.ServiceAccountName}\" not found in namespace \"{claims.Namespace}\"";
        }

        if (account.Uid != claims.ServiceAccountUid)
        {
            return Invalidated + $"service account UID ({account.Uid}) does not match claim ({claims.ServiceAccountUid})";
        }

        if (account.Deleting)
        {
            return Invalidated + $"service account {claims.Namespace}/{claims.ServiceAccountName} is being deleted";
        }

        if (claims.PodName is null)
        {
            return null;
        }

        if (pod is null)
        {
            return Invalidated + $"pod \"{claims.PodName}\" not found in namespace \"{claims.Namespace}\"";
        }

        if (pod.Uid != claims.PodUid)
        {
            return Invalidated + $"pod UID ({pod.Uid}) does not match claim ({claims.PodUid})";
        }

        return pod.Deleting ? Invalidated + $"pod {claims.Namespace}/{claims.PodName} is being deleted" : null;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> values) => "[" + string.Join(" ", values.Select(v => $"\"{v}\"")) + "]";
}
