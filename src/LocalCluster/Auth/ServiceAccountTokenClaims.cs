using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Auth;

/// <summary>
/// The claims of a bound service-account token, as the API server's TokenRequest writes them: <c>iss</c>, <c>sub</c>
/// (<c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>), <c>aud</c>, <c>exp</c>/<c>iat</c>/<c>nbf</c>, <c>jti</c> and the private
/// <c>kubernetes.io</c> claim naming the namespace, the service account and the pod the token is bound to. Pure.
/// </summary>
internal sealed record ServiceAccountTokenClaims
{
    public required string Issuer { get; init; }

    public required IReadOnlyList<string> Audiences { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset Expires { get; init; }

    public required string Namespace { get; init; }

    public required string ServiceAccountName { get; init; }

    public required string ServiceAccountUid { get; init; }

    /// <summary>The pod the token is bound to (null for a token bound to nothing).</summary>
    public string? PodName { get; init; }

    public string? PodUid { get; init; }

    public string? TokenId { get; init; }

    public string Subject => UserName(Namespace, ServiceAccountName);

    /// <summary>The user name a service account authenticates as.</summary>
    public static string UserName(string ns, string name) => $"system:serviceaccount:{ns}:{name}";

    public JsonObject ToJson()
    {
        var kubernetes = new JsonObject
        {
            ["namespace"] = Namespace,
        };
        if (PodName is not null)
        {
            kubernetes["pod"] = new JsonObject { ["name"] = PodName, ["uid"] = PodUid };
        }

        kubernetes["serviceaccount"] = new JsonObject { ["name"] = ServiceAccountName, ["uid"] = ServiceAccountUid };
        var json = new JsonObject
        {
            ["aud"] = new JsonArray([.. Audiences.Select(a => (JsonNode)a)]),
            ["exp"] = Expires.ToUnixTimeSeconds(),
            ["iat"] = IssuedAt.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
        };
        if (TokenId is not null)
        {
            json["jti"] = TokenId;
        }

        json["kubernetes.io"] = kubernetes;
        json["nbf"] = NotBefore.ToUnixTimeSeconds();
        json["sub"] = Subject;
        return json;
    }

    /// <summary>The claims of a token's payload, or null when it is not a service-account token's (a claim missing or of the wrong type).</summary>
    public static ServiceAccountTokenClaims? FromJson(JsonObject json)
    {
        try
        {
            var kubernetes = json["kubernetes.io"] as JsonObject;
            var ns = kubernetes?["namespace"]?.GetValue<string>();
            var account = kubernetes?["serviceaccount"] as JsonObject;
            var pod = kubernetes?["pod"] as JsonObject;
            IReadOnlyList<string> audiences = json["aud"] switch
            {
                JsonArray list => [.. list.Select(a => a?.GetValue<string>() ?? "")],
                JsonValue single => [single.GetValue<string>()],
                _ => [],
            };
            if (json["iss"]?.GetValue<string>() is not { } issuer || ns is null
                || account?["name"]?.GetValue<string>() is not { } accountName || account["uid"]?.GetValue<string>() is not { } accountUid
                || json["exp"] is null || json["sub"]?.GetValue<string>() != UserName(ns, accountName))
            {
                return null;
            }

            return new ServiceAccountTokenClaims
            {
                Issuer = issuer,
                Audiences = audiences,
                Expires = DateTimeOffset.FromUnixTimeSeconds(json["exp"]!.GetValue<long>()),
                IssuedAt = DateTimeOffset.FromUnixTimeSeconds(json["iat"]?.GetValue<long>() ?? 0),
                NotBefore = DateTimeOffset.FromUnixTimeSeconds(json["nbf"]?.GetValue<long>() ?? 0),
                Namespace = ns,
                ServiceAccountName = accountName,
                ServiceAccountUid = accountUid,
                PodName = pod?["name"]?.GetValue<string>(),
                PodUid = pod?["uid"]?.GetValue<string>(),
                TokenId = json["jti"]?.GetValue<string>(),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
