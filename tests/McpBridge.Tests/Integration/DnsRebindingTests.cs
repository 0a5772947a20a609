using System.Net;
using DynamoMcp.McpBridge.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.McpBridge.Tests.Integration;

/// <summary>
/// DNS-rebinding protection on the authenticated bridge, over real sockets: it answers before authentication on every
/// endpoint, and the allowlists let a deployment's own names and web consoles through.
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class DnsRebindingTests(BridgeFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Endpoints() => new()
    {
        { "POST", "/mcp" },
        { "GET", "/sse" },
        { "POST", "/message?sessionId=abc" },
        { "GET", "/healthz" },
        { "GET", "/readyz" },
        { "GET", "/metrics" },
        { "GET", "/.well-known/oauth-protected-resource" },
        { "GET", "/no-such-path" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_rebinding_host_gets_403_before_authentication_on_every_endpoint(string method, string path)
    {
        using var http = fx.CreateHttpClient(null);

        using var response = await SendAsync(http, method, path, "evil.example.com", "http://evil.example.com");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "no 401 may tell a rebinding page what runs here");
        response.Headers.WwwAuthenticate.Should().BeEmpty();
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("the Host header 'evil.example.com'")
            .And.Contain("--allowed-host").And.Contain("bridge.allowedHosts");
    }

    [Fact]
    public async Task A_loopback_host_with_a_foreign_origin_gets_403_naming_the_origin_setting()
    {
        using var http = fx.CreateHttpClient(Tenants.Dave.ApiKey);

        using var response = await SendAsync(http, "POST", "/mcp", $"localhost:{fx.Bridge.BaseAddress.Port}", "https://evil.example.com");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a valid key does not make a foreign page's request welcome");
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("the Origin header 'https://evil.example.com'").And.Contain("bridge.allowedOrigins");
    }

    [Fact]
    public async Task Allowed_hosts_and_origins_reach_authentication_and_each_refusal_is_logged_without_the_query()
    {
        var logs = new RecordingLoggerProvider();
        await using var bridge = await fx.StartBridgeAsync(
            new Dictionary<string, string?>
            {
                ["Bridge:AllowedHosts:0"] = "mcp.example.com",
                ["Bridge:AllowedHosts:1"] = "*.tenants.example.com",
                ["Bridge:AllowedOrigins:0"] = "https://console.example.com",
            },
            Ct,
            logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        using var http = fx.CreateHttpClient(null, bridge);

        (await StatusAsync(http, "POST", "/mcp", "mcp.example.com", "https://console.example.com")).Should().Be(HttpStatusCode.Unauthorized);
        (await StatusAsync(http, "POST", "/mcp", "team-a.tenants.example.com:443", null)).Should().Be(HttpStatusCode.Unauthorized);
        (await StatusAsync(http, "POST", "/mcp", "mcp.example.com", "https://mcp.example.com")).Should().Be(HttpStatusCode.Unauthorized, "a page on the bridge's own host");
        (await StatusAsync(http, "POST", "/mcp", "tenants.example.com", null)).Should().Be(HttpStatusCode.Forbidden, "*. covers subdomains, not the name itself");
        (await StatusAsync(http, "POST", "/message?sessionId=do-not-log", "mcp.example.com", "https://other.example.com")).Should().Be(HttpStatusCode.Forbidden);

        var refusals = logs.Entries.Where(e => e.Message.Contains("DNS-rebinding", StringComparison.Ordinal)).ToList();
        refusals.Should().HaveCount(2);
        refusals.Should().OnlyContain(e => e.Level == LogLevel.Information && e.Category.EndsWith("DnsRebindingProtectionMiddleware", StringComparison.Ordinal));
        refusals[0].Message.Should().Contain("Host header 'tenants.example.com'");
        refusals[1].Message.Should().Contain("Origin header 'https://other.example.com'").And.Contain("/message").And.NotContain("do-not-log");
    }

    [Fact]
    public async Task A_bad_allowlist_entry_stops_the_start_with_what_to_write()
    {
        var start = () => fx.StartBridgeAsync(
            new Dictionary<string, string?> { ["Bridge:AllowedHosts:0"] = "https://mcp.example.com", ["Bridge:AllowedOrigins:0"] = "null" }, Ct);

        var failure = await start.Should().ThrowAsync<OptionsValidationException>();
        failure.Which.Message.Should().Contain("Bridge:AllowedHosts: 'https://mcp.example.com' is a URL; give the host name alone")
            .And.Contain("Bridge:AllowedOrigins: 'null' cannot be allowed");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string method, string path, string? host, string? origin)
    {
        using var response = await SendAsync(http, method, path, host, origin);
        return response.StatusCode;
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string path, string? host, string? origin)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"rebinding-test","version":"1"}}}""",
                System.Text.Encoding.UTF8,
                "application/json");
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
    }
}
