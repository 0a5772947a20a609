using System.Net;
using DynamoMcp.Mcp.Gateway;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// What the per-server endpoint changes on the way: the request goes to the server's URL with the server's own headers
/// and the upstream session id, without the caller's credentials, cookies or Origin; the response's session id is
/// bound to the caller, and upstream cookies and authentication challenges stay behind (they are the bridge's
/// business with the server, not the client's). An SSE response's headers go to the client as soon as they come.
/// </summary>
internal sealed class ServerProxyTransformer(
    UpstreamServerKey server,
    IReadOnlyDictionary<string, string> serverHeaders,
    string? upstreamSessionId,
    Func<string, string> bindSessionId) : HttpTransformer
{
    /// <summary>Request headers of the caller that never go upstream.</summary>
    internal static readonly string[] CallerOnly =
    [
        "Authorization", "Proxy-Authorization", "Cookie", "Origin", "Referer", "Forwarded",
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Real-IP", "X-Api-Key", "Mcp-Session-Id",
    ];

    /// <summary>The upstream answered 401 or 403 to the bridge's own credentials.</summary>
    public HttpStatusCode? RefusedWith { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.RequestUri = new UriBuilder(server.Url) { Query = httpContext.Request.QueryString.HasValue ? httpContext.Request.QueryString.Value![1..] : "" }.Uri;
        proxyRequest.Headers.Host = null;
        foreach (var header in CallerOnly)
        {
            proxyRequest.Headers.Remove(header);
        }

        if (upstreamSessionId is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation("Mcp-Session-Id", upstreamSessionId);
        }

        foreach (var (name, value) in serverHeaders)
        {
            proxyRequest.Headers.Remove(name);
            proxyRequest.Headers.TryAddWithoutValidation(name, value);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse?.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The client authenticated to the bridge; an upstream challenge would send it after the upstream's authorization server.
            RefusedWith = proxyResponse.StatusCode;
            return false;
        }

        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        var headers = httpContext.Response.Headers;
        headers.Remove("Set-Cookie");

        // The bridge's own Origin check and CORS policy decide what a browser may do, not the upstream's.
        foreach (var cors in headers.Keys.Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(cors);
        }
        if (proxyResponse is not null && proxyResponse.Headers.TryGetValues("Mcp-Session-Id", out var ids) && ids.FirstOrDefault() is { Length: > 0 } id)
        {
            headers["Mcp-Session-Id"] = bindSessionId(id);
        }

        if (proceed && proxyResponse is { IsSuccessStatusCode: true } && proxyResponse.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            // YARP holds the headers back until the first body bytes (for gRPC's sake). An SSE stream may stay quiet for
            // long (a GET stream until the server has something to say), and the client waits for the headers to know
            // the stream is open: send them now, as the server did (StartAsync alone only queues them in Kestrel).
            await httpContext.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return proceed;
    }
}
