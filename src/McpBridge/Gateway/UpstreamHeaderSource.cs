using System.Collections.Concurrent;
using System.Net;
using System.Text;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// A server's own upstream headers, from the Secret its <c>spec.remote.headersFrom</c> names (keys are header names,
/// values header values), read with the bridge's own rights and reused for a short while. Only a Secret labelled
/// <c>dynamo-mcp.io/mcp-server-headers: "true"</c> is used: a tenant who may create McpServers but not read Secrets
/// must not be able to make the bridge send any Secret of the namespace to a URL of the tenant's choosing. Values are
/// never logged or shown.
/// </summary>
public sealed class UpstreamHeaderSource(KubernetesClients clients, IOptions<BridgeOptions> options, TimeProvider time)
{
    /// <summary>The label a Secret must carry to be sent upstream as a server's headers.</summary>
    public const string OptInLabel = "dynamo-mcp.io/mcp-server-headers";

    /// <summary>Headers the bridge owns on an upstream request: a Secret cannot set them.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Accept", "Connection", "Transfer-Encoding", "Mcp-Session-Id", "Mcp-Protocol-Version", "Last-Event-ID",
    };

    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    private readonly ConcurrentDictionary<(string Namespace, string Name), (IReadOnlyDictionary<string, string> Headers, DateTimeOffset At)> cache = new();

    /// <summary>The headers of <paramref name="target"/> (none when it names no Secret).</summary>
    /// <exception cref="McpException">The Secret is missing, not opted in, or holds a key that is not a header name.</exception>
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
            throw new McpException($"The bridge may not read Secret '{name}' of McpServer {target.Key} (spec.remote.headersFrom): grant its service account 'get' on secrets (the chart's bridge ClusterRole does).");
        }

        var headers = Parse(target, secret);
        cache[key] = (headers, time.GetUtcNow());
        return headers;
    }

    internal static IReadOnlyDictionary<string, string> Parse(GatewayTarget target, V1Secret secret)
    {
        var name = secret.Metadata.Name;
        if (secret.Metadata.Labels?.TryGetValue(OptInLabel, out var optIn) != true || optIn != "true")
        {
            throw new McpException($"Secret '{name}' of McpServer {target.Key} (spec.remote.headersFrom) is not labelled {OptInLabel}=true: label it to let the bridge send its keys as headers to {target.Key.Url.Host}.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, value) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            if (!IsToken(header) || Reserved.Contains(header))
            {
                throw new McpException($"Secret '{name}' of McpServer {target.Key} has key '{header}', which is not a header the bridge may send: keys must be HTTP header names other than {string.Join(", ", Reserved.Order(StringComparer.Ordinal))}.");
            }

            var text = Encoding.UTF8.GetString(value).Trim();
            if (text.Any(c => c is '\r' or '\n' || char.IsControl(c)))
            {
                throw new McpException($"Secret '{name}' of McpServer {target.Key}: the value of '{header}' has control characters (a trailing newline is fine, others are not).");
            }

            headers[header] = text;
        }

        return headers;
    }

    // RFC 9110 token characters.
    private static bool IsToken(string name) =>
        name.Length is > 0 and <= 256 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
