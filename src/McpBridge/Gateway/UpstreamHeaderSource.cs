using System.Collections.Concurrent;
using System.Net;
using DynamoMcp.Mcp.Headers;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// A server's own upstream headers (<see cref="McpServerHeaders"/>), from the Secret its <c>spec.remote.headersFrom</c>
/// names, read with the bridge's own rights and reused for a short while. The bridge holds no cluster-wide Secret
/// access: the namespace grants it <c>get</c> on that one Secret (a Role with resourceNames), and the Secret must be
/// labelled <see cref="McpServerHeaders.OptInLabel"/>=true. Values are never logged or shown.
/// </summary>
public sealed class UpstreamHeaderSource(KubernetesClients clients, IOptions<BridgeOptions> options, TimeProvider time)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    private readonly ConcurrentDictionary<(string Namespace, string Name), (IReadOnlyDictionary<string, string> Headers, DateTimeOffset At)> cache = new();

    /// <summary>The headers of <paramref name="target"/> (none when it names no Secret).</summary>
    /// <exception cref="McpException">The Secret is missing, unreadable, not opted in, or holds a key that is not a header name.</exception>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(GatewayTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.HeadersSecret is not { } name)
        {
            return None;
        }

        var key = (target.Namespace, name);
        var lifetime = options.Value.Gateway.HeadersCacheLifetime;
        if (cache.TryGetValue(key, out var hit) && time.GetUtcNow() - hit.At < lifetime)
        {
            return hit.Headers;
        }

        V1Secret secret;
        try
        {
            secret = await clients.Bridge.CoreV1.ReadNamespacedSecretAsync(name, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new McpException($"McpServer {target.Key} names Secret '{name}' in spec.remote.headersFrom, which does not exist in namespace '{target.Namespace}': create it (keys are header names) or remove headersFrom.");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new McpException($"The bridge may not read Secret '{name}' of McpServer {target.Key} (spec.remote.headersFrom): {McpServerHeaders.GrantHint(name, target.Namespace, "the bridge's service account")}.");
        }

        IReadOnlyDictionary<string, string> headers;
        try
        {
            headers = McpServerHeaders.Parse(secret, target.Key.DisplayName, target.Key.Url.Host);
        }
        catch (McpServerHeadersException e)
        {
            throw new McpException(e.Message, e);
        }

        cache[key] = (headers, time.GetUtcNow());
        return headers;
    }
}
