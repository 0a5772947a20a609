using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using ModelContextProtocol;

namespace DynamoMcp.Mcp.Tests.Discovery;

/// <summary>The one table of probe failures: each cause, however deep the SDK wraps it, gets its kind and an actionable message.</summary>
public sealed class McpProbeFailureClassifierTests
{
    private static readonly McpEndpoint Endpoint = new(
        new Uri("https://svc.ns.svc:8443/mcp?token=abc"), McpTransport.StreamableHttp, new Dictionary<string, string> { ["Authorization"] = "Bearer hidden" });

    public static TheoryData<Exception, McpProbeFailureKind, string> Cases => new()
    {
        { Http(HttpStatusCode.Forbidden), McpProbeFailureKind.HttpError, "HTTP 403 at https://svc.ns.svc:8443/mcp: the server refuses this caller" },
        { Http(HttpStatusCode.Unauthorized), McpProbeFailureKind.HttpError, "HTTP 401 at https://svc.ns.svc:8443/mcp: the server refused the credentials sent (headers Authorization)" },
        { Http(HttpStatusCode.MethodNotAllowed), McpProbeFailureKind.HttpError, "HTTP 405 at https://svc.ns.svc:8443/mcp: the endpoint does not take this transport's requests; check spec.transport (StreamableHttp)" },
        { Http(HttpStatusCode.BadGateway), McpProbeFailureKind.HttpError, "HTTP 502 at https://svc.ns.svc:8443/mcp: the server failed to answer; see its logs" },
        { new InvalidOperationException("wrapped", new AggregateException(new HttpRequestException("x", new SocketException((int)SocketError.HostNotFound)))), McpProbeFailureKind.Unreachable, "host svc.ns.svc not found (DNS)" },
        { new HttpRequestException("x", new SocketException((int)SocketError.ConnectionReset)), McpProbeFailureKind.Unreachable, "connection reset by https://svc.ns.svc:8443/mcp" },
        { new HttpRequestException("ssl", new AuthenticationException("the remote certificate is invalid")), McpProbeFailureKind.Unreachable, "TLS handshake with https://svc.ns.svc:8443/mcp failed: the remote certificate is invalid" },
        { new McpProtocolException("Method not found", McpErrorCode.MethodNotFound), McpProbeFailureKind.InitializeFailed, "tools/list failed: Method not found (JSON-RPC error -32601)" },
        { new System.Text.Json.JsonException("bad"), McpProbeFailureKind.ProtocolError, "https://svc.ns.svc:8443/mcp answered tools/list with something that is not MCP JSON-RPC" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies_the_cause_with_an_actionable_message(Exception exception, McpProbeFailureKind kind, string message)
    {
        var result = McpProbeFailureClassifier.Classify(exception, Endpoint, "tools/list");

        result.Failure.Should().Be(kind);
        result.Message.Should().StartWith(message);
        result.Message.Should().NotContain("hidden").And.NotContain("token=abc");
    }

    [Fact]
    public void A_timeout_names_the_wait_and_what_was_awaited() =>
        McpProbeFailureClassifier.TimedOut(Endpoint, TimeSpan.FromSeconds(30), "initialize").Message
            .Should().Be("no answer within 30s from https://svc.ns.svc:8443/mcp (waiting for initialize): the server is up but not answering MCP, or still starting");

    private static HttpRequestException Http(HttpStatusCode status) => new($"Response status code does not indicate success: {(int)status}", null, status);
}
