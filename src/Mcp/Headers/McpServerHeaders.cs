using System.Text;
using k8s.Models;

namespace DynamoMcp.Mcp.Headers;

/// <summary>
/// The headers a remote McpServer's <c>spec.remote.headersFrom</c> Secret holds (keys are header names, values header
/// values), as the operator's discovery and the bridge's gateway send them. A Secret is used only when labelled
/// <see cref="OptInLabel"/><c>=true</c>: a tenant who may create McpServers but not read Secrets must not be able to have
/// another Secret of the namespace sent to a URL of the tenant's choosing. Values are never logged or shown.
/// </summary>
public static class McpServerHeaders
{
    /// <summary>The label a Secret must carry to be sent upstream as a server's headers.</summary>
    public const string OptInLabel = "dynamo-mcp.io/mcp-server-headers";

    /// <summary>Headers the platform owns on an upstream request: a Secret cannot set them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Accept", "Connection", "Transfer-Encoding", "Mcp-Session-Id", "Mcp-Protocol-Version", "Last-Event-ID",
    };

    /// <summary>The headers of <paramref name="secret"/>, for the McpServer named <paramref name="server"/> (namespace/name) at <paramref name="host"/>.</summary>
    /// <exception cref="McpServerHeadersException">Not opted in, or a key or value that cannot be sent, with what to change.</exception>
    public static IReadOnlyDictionary<string, string> Parse(V1Secret secret, string server, string host)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var name = secret.Metadata?.Name;
        if (secret.Metadata?.Labels?.TryGetValue(OptInLabel, out var optIn) != true || optIn != "true")
        {
            throw new McpServerHeadersException($"Secret '{name}' of McpServer {server} (spec.remote.headersFrom) is not labelled {OptInLabel}=true: label it to let its keys be sent as headers to {host}.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (header, value) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            if (!IsToken(header) || Reserved.Contains(header))
            {
                throw new McpServerHeadersException($"Secret '{name}' of McpServer {server} has key '{header}', which is not a header that may be sent: keys must be HTTP header names other than {string.Join(", ", Reserved.Order(StringComparer.Ordinal))}.");
            }

            var text = Encoding.UTF8.GetString(value).Trim();
            if (text.Any(char.IsControl))
            {
                throw new McpServerHeadersException($"Secret '{name}' of McpServer {server}: the value of '{header}' has control characters (a trailing newline is fine, others are not).");
            }

            headers[header] = text;
        }

        return headers;
    }

    /// <summary>What to grant when the reader of the Secret may not read it.</summary>
    public static string GrantHint(string secretName, string @namespace, string serviceAccount) =>
        $"in namespace '{@namespace}', bind {serviceAccount} to a Role with verb get on secrets, resourceNames [{secretName}] (no cluster-wide Secret access is given; see the bridge README, \"Upstream credentials\")";

    // RFC 9110 token characters.
    private static bool IsToken(string name) =>
        name.Length is > 0 and <= 256 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
