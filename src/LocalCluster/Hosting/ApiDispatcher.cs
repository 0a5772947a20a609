using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Discovery;
using DynamoMcp.LocalCluster.Faults;
using DynamoMcp.LocalCluster.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>
/// The request pipeline: bearer token, impersonation, injected latency, then discovery, OpenAPI or the generic
/// resource endpoint; every failure becomes a Kubernetes Status body.
/// </summary>
internal sealed class ApiDispatcher(ResourceEndpoint resources, ResourceRegistry registry, FaultInjector faults, LocalClusterOptions options,
    Auth.ServiceAccountTokenIssuer tokenIssuer, ILogger<ApiDispatcher> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, context.RequestAborted);
            }
            if (!Authenticate(context))
            {
                await ResponseWriter.WriteJsonAsync(context.Response, 401, StatusBodies.Failure(401, "Unauthorized", "Unauthorized"), context.RequestAborted);
                return;
            }
            var path = (context.Request.Path.Value ?? "/").TrimEnd('/');
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var ct = context.RequestAborted;
            JsonNode? document = null;
            var isGet = HttpMethods.IsGet(context.Request.Method);
            switch (segments)
            {
                case ["healthz" or "readyz" or "livez", ..] when isGet:
                    context.Response.ContentType = "text/plain";
                    await context.Response.WriteAsync("ok", ct);
                    return;
                case ["version"] when isGet:
                    document = DiscoveryDocuments.Version();
                    break;
                case ["api"] when isGet:
                    document = DiscoveryDocuments.ApiVersions($"{context.Request.Host}");
                    break;
                case ["api", var v] when isGet:
                    document = DiscoveryDocuments.ResourceList(registry, "", v);
                    break;
                case ["apis"] when isGet:
                    document = DiscoveryDocuments.GroupList(registry);
                    break;
                case ["apis", var g] when isGet:
                    document = DiscoveryDocuments.Group(registry, g);
                    break;
                case ["apis", var g, var v] when isGet:
                    document = DiscoveryDocuments.ResourceList(registry, g, v);
                    break;
                case [".well-known", "openid-configuration"] when isGet:
                    document = tokenIssuer.OpenIdConfiguration(new Uri($"{context.Request.Scheme}://{context.Request.Host}/"));
                    break;
                case ["openid", "v1", "jwks"] when isGet:
                    document = tokenIssuer.KeySet();
                    break;
                case ["openapi", "v3"] when isGet:
                    document = OpenApiDocuments.Index(registry, Hash(registry));
                    break;
                case ["openapi", "v3", "api", var v] when isGet:
                    document = OpenApiDocuments.GroupVersion(registry, "", v);
                    break;
                case ["openapi", "v3", "apis", var g, var v] when isGet:
                    document = OpenApiDocuments.GroupVersion(registry, g, v);
                    break;
                case ["api" or "apis", ..]:
                    await resources.HandleAsync(context);
                    return;
                default:
                    break;
            }
            if (document is null)
            {
                await ResponseWriter.WriteJsonAsync(context.Response, 404,
                    StatusBodies.Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject()), ct);
                return;
            }
            await ResponseWriter.WriteJsonAsync(context.Response, 200, document, ct);
        }
        catch (ApiException e)
        {
            if (!context.Response.HasStarted)
            {
                await ResponseWriter.WriteJsonAsync(context.Response, e.Code, e.ToStatus(), CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Client went away.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            if (!context.Response.HasStarted)
            {
                await ResponseWriter.WriteJsonAsync(context.Response, 500,
                    StatusBodies.Failure(500, "InternalError", $"Internal error occurred: {e.Message}"), CancellationToken.None);
            }
        }
    }

    private bool Authenticate(HttpContext context)
    {
        if (options.Token is { Length: > 0 } token)
        {
            var header = context.Request.Headers.Authorization.ToString();
            var expected = "Bearer " + token;
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(expected)))
            {
                return false;
            }
        }
        var impersonated = context.Request.Headers["Impersonate-User"].ToString();
        if (impersonated.Length > 0)
        {
            var groups = context.Request.Headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
            groups.Add("system:authenticated");
            context.Items[typeof(RequestUser)] = new RequestUser(impersonated, groups, false);
        }
        return true;
    }

    // Changes whenever the served kinds change, so clients' OpenAPI caches refresh.
    private static string Hash(ResourceRegistry registry) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(";", registry.All.OrderBy(t => t.StorageKey).Select(t => t.GetHashCode()))))).ToLowerInvariant()[..16];
}
