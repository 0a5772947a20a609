using System.Globalization;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Hosting;
using DynamoMcp.LocalCluster.Resources;
using Microsoft.AspNetCore.Http;

namespace DynamoMcp.LocalCluster.Auth;

/// <summary>
/// The two authentication endpoints that store nothing: <c>POST .../serviceaccounts/{name}/token</c> (TokenRequest,
/// what the kubelet calls for a projected serviceAccountToken volume) and <c>POST /apis/authentication.k8s.io/v1/tokenreviews</c>
/// (TokenReview, what a service such as the MCP bridge calls to check a caller's token). RBAC has already allowed the request.
/// </summary>
internal sealed class TokenEndpoints(ResourceService service, ServiceAccountTokenIssuer issuer)
{
    private const string Group = "authentication.k8s.io";

    /// <summary>The kind named in 422 answers to a TokenRequest (not served as a resource of its own).</summary>
    private static readonly ResourceType TokenRequests = new()
    {
        Group = Group,
        Versions = ["v1"],
        Kind = "TokenRequest",
        Plural = "tokenrequests",
        Singular = "tokenrequest",
        Namespaced = true,
    };

    /// <summary>Whether <paramref name="parsed"/> is one of these endpoints' requests.</summary>
    public static bool Handles(ResourceRequest parsed) =>
        parsed.Type == BuiltInResources.TokenReviews || (parsed.Type == BuiltInResources.ServiceAccounts && parsed.Subresource == "token");

    public Task HandleAsync(HttpContext context, ResourceRequest parsed, CancellationToken cancellationToken)
    {
        if (parsed.Verb != "create")
        {
            throw StatusBodies.MethodNotAllowed($"the server does not allow this method on the requested resource: {context.Request.Method} {context.Request.Path}");
        }

        return parsed.Type == BuiltInResources.TokenReviews
            ? ReviewAsync(context, cancellationToken)
            : RequestAsync(context, parsed, cancellationToken);
    }

    /// <summary>TokenRequest: a token for the service account, bound to the pod of spec.boundObjectRef when set.</summary>
    private async Task RequestAsync(HttpContext context, ResourceRequest parsed, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var account = service.Get(BuiltInResources.ServiceAccounts, parsed.Namespace, parsed.Name!);
        var spec = body["spec"] as JsonObject ?? [];
        var audiences = Strings(spec["audiences"]);
        var seconds = spec["expirationSeconds"] is JsonValue e && e.TryGetValue<long>(out var s) ? s : TokenExpiration.DefaultSeconds;
        if (TokenExpiration.Problem(seconds) is { } problem)
        {
            throw StatusBodies.Invalid(TokenRequests, parsed.Name!,
                [new FieldError("FieldValueInvalid", "spec.expirationSeconds", string.Create(CultureInfo.InvariantCulture, $"Invalid value: {seconds}: {problem}"))]);
        }

        (string Name, string Uid)? boundPod = null;
        if (spec["boundObjectRef"] is JsonObject bound)
        {
            var kind = bound["kind"]?.GetValue<string>();
            var name = bound["name"]?.GetValue<string>() ?? "";
            if (kind != "Pod")
            {
                throw StatusBodies.BadRequest($"cannot bind token to object of kind \"{kind}\": the local cluster binds tokens to pods only");
            }

            var pod = service.Get(BuiltInResources.Pods, parsed.Namespace, name);
            if (bound["uid"]?.GetValue<string>() is { Length: > 0 } uid && uid != pod.Uid)
            {
                throw StatusBodies.Conflict(BuiltInResources.Pods, name,
                    $"the UID in the bound object reference ({uid}) does not match the UID in record ({pod.Uid}). The object might have been deleted and then recreated");
            }

            var podAccount = pod.ToJson()["spec"]?["serviceAccountName"]?.GetValue<string>() ?? "default";
            if (podAccount != account.Name)
            {
                throw StatusBodies.BadRequest($"cannot bind a token of service account \"{account.Name}\" to pod \"{name}\", which runs as service account \"{podAccount}\"");
            }

            boundPod = (pod.Name, pod.Uid);
        }

        var (token, expires) = issuer.Issue(parsed.Namespace, (account.Name, account.Uid), boundPod, audiences, TimeSpan.FromSeconds(seconds));
        spec["audiences"] = new JsonArray([.. (audiences.Count > 0 ? audiences : issuer.ApiAudiences).Select(a => (JsonNode)a)]);
        spec["expirationSeconds"] = seconds;
        await ResponseWriter.WriteJsonAsync(context.Response, 201, new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = $"{Group}/v1",
            ["metadata"] = new JsonObject { ["name"] = account.Name, ["namespace"] = parsed.Namespace, ["creationTimestamp"] = service.Now() },
            ["spec"] = spec.DeepClone(),
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = Timestamp(expires) },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>TokenReview: always 201, with status.authenticated and the user, or status.error.</summary>
    private async Task ReviewAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var spec = body["spec"] as JsonObject ?? [];
        var token = spec["token"]?.GetValue<string>() ?? "";
        if (token.Length == 0)
        {
            throw StatusBodies.BadRequest("token is required for TokenReview in authentication");
        }

        var (check, claims) = issuer.Review(token, Strings(spec["audiences"]), Lookup(BuiltInResources.ServiceAccounts), Lookup(BuiltInResources.Pods));
        var status = new JsonObject();
        if (check.Authenticated)
        {
            var extra = new JsonObject();
            if (claims!.PodName is not null)
            {
                extra["authentication.kubernetes.io/pod-name"] = new JsonArray(claims.PodName);
                extra["authentication.kubernetes.io/pod-uid"] = new JsonArray(claims.PodUid);
            }

            if (claims.TokenId is not null)
            {
                extra["authentication.kubernetes.io/credential-id"] = new JsonArray("JTI=" + claims.TokenId);
            }

            status["authenticated"] = true;
            status["user"] = new JsonObject
            {
                ["username"] = claims.Subject,
                ["uid"] = claims.ServiceAccountUid,
                ["groups"] = new JsonArray("system:serviceaccounts", $"system:serviceaccounts:{claims.Namespace}", "system:authenticated"),
                ["extra"] = extra,
            };
            status["audiences"] = new JsonArray([.. check.Audiences.Select(a => (JsonNode)a)]);
        }
        else
        {
            status["user"] = new JsonObject();
            status["error"] = "[" + check.Error + "]";
        }

        await ResponseWriter.WriteJsonAsync(context.Response, 201, new JsonObject
        {
            ["kind"] = "TokenReview",
            ["apiVersion"] = $"{Group}/v1",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec.DeepClone(),
            ["status"] = status,
        }, cancellationToken).ConfigureAwait(false);
    }

    private Func<string, string, BoundObjectState?> Lookup(ResourceType type) =>
        (ns, name) => service.Store.Get(type.StorageKey, ns, name) is { } found ? new BoundObjectState(found.Uid, found.Deleting) : null;

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray list ? [.. list.Select(a => a?.GetValue<string>()).OfType<string>().Where(a => a.Length > 0)] : [];

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
