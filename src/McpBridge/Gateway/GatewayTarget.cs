using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Gateway;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// Where the gateway sends one McpServer's traffic, read from its spec and status: a Ready server with a
/// <c>status.url</c>. A stdio server is reached through its front, which speaks Streamable HTTP.
/// </summary>
/// <param name="Key">Namespace, name, uid and URL: a new uid or URL is another upstream.</param>
/// <param name="Transport">Streamable HTTP, or legacy SSE for an sse server.</param>
/// <param name="Timeout">The server's <c>spec.timeoutSeconds</c> (300 s when unset): bounds each call.</param>
/// <param name="Filter">The server's <c>spec.toolFilter</c>.</param>
/// <param name="HeadersSecret">The Secret of the server's own upstream headers (<c>spec.remote.headersFrom</c>), if any.</param>
/// <param name="Fingerprint">Changes whenever what the gateway offers of the server may have changed.</param>
public sealed record GatewayTarget(
    UpstreamServerKey Key,
    McpTransport Transport,
    TimeSpan Timeout,
    ToolFilter? Filter,
    string? HeadersSecret,
    string Fingerprint)
{
    /// <summary>A call's bound when the McpServer sets none (as the CRD documents).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    public string Namespace => Key.Namespace;

    public string Name => Key.Name;

    /// <summary>The target of <paramref name="server"/>, or null with why it cannot take traffic.</summary>
    public static GatewayTarget? From(McpServer server, out string? notReady)
    {
        ArgumentNullException.ThrowIfNull(server);
        var status = server.Status;
        if (!status.Conditions.IsTrue(ConditionTypes.Ready))
        {
            notReady = "it is not Ready (see its status conditions)";
            return null;
        }

        if (status.Url is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            notReady = "its status has no http(s) URL yet";
            return null;
        }

        notReady = null;
        var transport = server.Spec.Transport == McpTransport.Sse ? McpTransport.Sse : McpTransport.StreamableHttp;
        var tools = status.Tools is { } listed
            ? string.Join(",", listed.Select(t => t.Name + ":" + t.InputSchemaDigest))
            : "";
        var fingerprint = string.Join(
            "|",
            server.Metadata.Uid,
            url,
            server.Metadata.Generation,
            status.LastDiscoveryTime?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            tools);
        return new GatewayTarget(
            new UpstreamServerKey(server.Metadata.NamespaceProperty, server.Metadata.Name, server.Metadata.Uid ?? "", uri),
            transport,
            server.Spec.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultTimeout,
            server.Spec.ToolFilter,
            server.Spec.Remote?.HeadersFrom?.Name,
            fingerprint);
    }
}
