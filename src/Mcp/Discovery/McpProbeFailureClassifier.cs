using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using ModelContextProtocol;

namespace DynamoMcp.Mcp.Discovery;

/// <summary>
/// Turns what went wrong in a probe into a failure kind and a message a person can act on. One table for every reason;
/// messages name the URL without its query or user info and never a header value.
/// </summary>
public static class McpProbeFailureClassifier
{
    public static McpProbeResult TimedOut(McpEndpoint endpoint, TimeSpan timeout, string phase) =>
        McpProbeResult.Failed(
            McpProbeFailureKind.TimedOut,
            $"no answer within {FormatSeconds(timeout)} from {Describe(endpoint.Url)} (waiting for {phase}): the server is up but not answering MCP, or still starting");

    public static McpProbeResult Classify(Exception exception, McpEndpoint endpoint, string phase)
    {
        var url = Describe(endpoint.Url);

        if (Find<McpProtocolException>(exception) is { } protocol)
        {
            return McpProbeResult.Failed(McpProbeFailureKind.InitializeFailed, $"{phase} failed: {protocol.Message} (JSON-RPC error {(int)protocol.ErrorCode})");
        }

        if (Find<HttpRequestException>(exception) is { StatusCode: { } status })
        {
            return McpProbeResult.Failed(McpProbeFailureKind.HttpError, HttpStatusMessage(status, url, endpoint));
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            return McpProbeResult.Failed(McpProbeFailureKind.Unreachable, socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"connection refused at {url}: the server is not listening on port {endpoint.Url.Port} yet",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                    $"host {endpoint.Url.Host} not found (DNS) for {url}: check the host name (a Service's name.namespace.svc) and that it exists",
                SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable =>
                    $"cannot reach {endpoint.Url.Host}:{endpoint.Url.Port} for {url} ({socket.SocketErrorCode}): check the address and any NetworkPolicy between us",
                SocketError.ConnectionReset => $"connection reset by {url}: the server closed the connection before answering",
                _ => $"cannot connect to {url}: {socket.SocketErrorCode}",
            });
        }

        if (Find<AuthenticationException>(exception) is { } tls)
        {
            return McpProbeResult.Failed(McpProbeFailureKind.Unreachable, $"TLS handshake with {url} failed: {tls.Message}; check the certificate and that the URL's scheme is right");
        }

        if (Find<HttpRequestException>(exception) is { } http)
        {
            return McpProbeResult.Failed(McpProbeFailureKind.Unreachable, $"cannot talk to {url}: {http.Message}");
        }

        if (Find<JsonException>(exception) is not null)
        {
            return McpProbeResult.Failed(McpProbeFailureKind.ProtocolError, $"{url} answered {phase} with something that is not MCP JSON-RPC: check that the URL is the server's MCP endpoint and spec.transport matches it");
        }

        return McpProbeResult.Failed(
            McpProbeFailureKind.ProtocolError,
            $"{phase} with {url} failed: {exception.Message}; check that the URL is the server's MCP endpoint and spec.transport ({endpoint.Transport}) matches it");
    }

    /// <summary>The URL as it may be shown: scheme, host, port and path; no user info, query or fragment (they can hold secrets).</summary>
    public static string Describe(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static string HttpStatusMessage(HttpStatusCode status, string url, McpEndpoint endpoint)
    {
        var code = (int)status;
        return status switch
        {
            HttpStatusCode.NotFound => $"HTTP 404 at {url}: nothing serves MCP at this path; check spec.path (or the remote URL)",
            HttpStatusCode.Unauthorized when endpoint.Headers.Count == 0 => $"HTTP 401 at {url}: the server wants credentials; set spec.remote.headers from a Secret",
            HttpStatusCode.Unauthorized => $"HTTP 401 at {url}: the server refused the credentials sent (headers {string.Join(", ", endpoint.Headers.Keys.Order(StringComparer.Ordinal))}); check the Secret behind spec.remote.headers",
            HttpStatusCode.Forbidden => $"HTTP 403 at {url}: the server refuses this caller; check the credentials in spec.remote.headers and the server's access rules",
            HttpStatusCode.MethodNotAllowed => $"HTTP 405 at {url}: the endpoint does not take this transport's requests; check spec.transport ({endpoint.Transport}) and spec.path",
            HttpStatusCode.NotAcceptable or HttpStatusCode.UnsupportedMediaType => $"HTTP {code} at {url}: the endpoint does not speak this transport; check spec.transport ({endpoint.Transport})",
            _ when code >= 500 => $"HTTP {code} at {url}: the server failed to answer; see its logs",
            _ => $"HTTP {code} at {url}: not an MCP answer; check the URL and spec.transport",
        };
    }

    private static string FormatSeconds(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1 && timeout.TotalSeconds % 1 == 0 ? $"{timeout.TotalSeconds:0}s" : $"{timeout.TotalSeconds:0.###}s";

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }
}
