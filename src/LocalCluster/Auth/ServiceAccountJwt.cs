using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Auth;

/// <summary>Signs and checks compact JWS tokens (RS256, with the key's <c>kid</c>). No clock and no I/O.</summary>
internal static class ServiceAccountJwt
{
    public const string Algorithm = "RS256";

    public static string Encode(ServiceAccountTokenClaims claims, ServiceAccountSigningKey key)
    {
        var header = new JsonObject { ["alg"] = Algorithm, ["kid"] = key.KeyId };
        var signingInput = JwtBase64.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
                           JwtBase64.Encode(Encoding.UTF8.GetBytes(claims.ToJson().ToJsonString()));
        return signingInput + "." + JwtBase64.Encode(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>
    /// The claims of <paramref name="token"/> when it is a well-formed JWT signed by <paramref name="key"/>;
    /// otherwise null and why, worded like the API server's authenticator.
    /// </summary>
    public static (ServiceAccountTokenClaims? Claims, string? Error) Decode(string token, ServiceAccountSigningKey key)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return (null, "invalid bearer token, token is not a JWT");
        }

        var header = ParseObject(parts[0]);
        var payload = ParseObject(parts[1]);
        var signature = JwtBase64.TryDecode(parts[2]);
        if (header is null || payload is null || signature is null)
        {
            return (null, "invalid bearer token, token is malformed");
        }

        if (header["alg"]?.GetValueKind() != JsonValueKind.String || header["alg"]!.GetValue<string>() != Algorithm)
        {
            return (null, "invalid bearer token, token signed with an unsupported algorithm");
        }

        if (header["kid"] is { } kid && (kid.GetValueKind() != JsonValueKind.String || kid.GetValue<string>() != key.KeyId))
        {
            return (null, "invalid bearer token, token signed by an unknown key");
        }

        if (!key.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature))
        {
            return (null, "invalid bearer token, square/go-jose: error in cryptographic primitive");
        }

        return ServiceAccountTokenClaims.FromJson(payload) is { } claims
            ? (claims, null)
            : (null, "invalid bearer token, token lacks the claims of a service-account token");
    }

    private static JsonObject? ParseObject(string part)
    {
        if (JwtBase64.TryDecode(part) is not { } bytes)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
