using System.Net;
using k8s.Autorest;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Kubernetes;

/// <summary>Turns API server failures into tool errors a person can act on.</summary>
public static class KubernetesErrors
{
    public static async Task<T> Call<T>(Func<Task<T>> call, string what, string @namespace, string identity)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw ToMcp(e, what, @namespace, identity);
        }
    }

    public static async Task Call(Func<Task> call, string what, string @namespace, string identity)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw ToMcp(e, what, @namespace, identity);
        }
    }

    public static McpException ToMcp(HttpOperationException e, string what, string @namespace, string identity) =>
        e.Response.StatusCode switch
        {
            HttpStatusCode.Forbidden => AccessDenied(what, @namespace, identity),
            HttpStatusCode.Unauthorized => new McpException(
                $"Cannot {what}: the bridge's own credentials were rejected by the Kubernetes API. Ask an administrator to check the bridge's service account."),
            HttpStatusCode.NotFound => NotFound(what, @namespace),
            HttpStatusCode.Conflict => new McpException(
                $"Cannot {what}: a resource with that name already exists in namespace '{@namespace}' (or it changed meanwhile). Choose another name or retry."),
            HttpStatusCode.UnprocessableEntity => new McpException(
                $"Cannot {what}: the Kubernetes API rejected the request: {StatusMessage(e)}. Fix the arguments and retry."),
            _ => new McpException(
                $"Cannot {what}: the Kubernetes API answered {(int)e.Response.StatusCode}. Retry later; if it persists, ask an administrator to check the cluster."),
        };

    public static McpException NotFound(string what, string @namespace) =>
        new($"Cannot {what}: it does not exist in namespace '{@namespace}'.");

    public static McpException AccessDenied(string what, string @namespace, string identity) =>
        new($"Access denied: identity '{identity}' may not {what} in namespace '{@namespace}'. Use your own namespace (omit the namespace argument), or ask an administrator for a RoleBinding there.");

    private static string StatusMessage(HttpOperationException e)
    {
        var content = e.Response.Content;
        if (string.IsNullOrEmpty(content))
        {
            return "no details";
        }

        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(content);
            return doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "no details" : "no details";
        }
        catch (System.Text.Json.JsonException)
        {
            return "no details";
        }
    }
}
