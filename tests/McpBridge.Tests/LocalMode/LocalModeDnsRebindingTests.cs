using System.Net;
using DynamoMcp.McpBridge.Tests.Integration;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The unauthenticated local mode, over real sockets: a page that rebinds its domain to 127.0.0.1, or any foreign page,
/// gets 403 from the bridge and from the API server; loopback names get the normal answer, and real clients connect.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class LocalModeDnsRebindingTests(LocalModeFixture local)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Port => local.McpEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(DnsRebindingTests.Endpoints), MemberType = typeof(DnsRebindingTests))]
    public async Task The_bridge_refuses_a_rebinding_host_on_every_endpoint(string method, string path)
    {
        using var http = new HttpClient { BaseAddress = local.McpEndpoint };

        using var response = await DnsRebindingTests.SendAsync(http, method, path, "evil.example.com", null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("the Host header 'evil.example.com'").And.Contain("--allowed-host");
    }

    [Fact]
    public async Task The_bridge_refuses_a_foreign_origin_with_a_loopback_host()
    {
        using var http = new HttpClient { BaseAddress = local.McpEndpoint };

        using var response = await DnsRebindingTests.SendAsync(http, "POST", "/mcp", $"localhost:{Port}", "http://evil.example.com");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("the Origin header 'http://evil.example.com'").And.Contain("--allowed-origin");
    }

    [Theory]
    [InlineData("localhost:{port}", null)]
    [InlineData("127.0.0.1:{port}", null)]
    [InlineData("localhost:{port}", "http://localhost:{port}")]
    [InlineData("127.0.0.1:{port}", "http://localhost:6274")]
    public async Task The_bridge_answers_loopback_names_normally(string host, string? origin)
    {
        using var http = new HttpClient { BaseAddress = local.McpEndpoint };

        using var response = await DnsRebindingTests.SendAsync(http, "POST", "/mcp", host.Replace("{port}", Port, StringComparison.Ordinal), origin?.Replace("{port}", Port, StringComparison.Ordinal));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Contain("\"protocolVersion\"").And.Contain("dynamo-mcp");
    }

    [Theory]
    [InlineData("evil.example.com", null, HttpStatusCode.Forbidden)]
    [InlineData("127.0.0.1:{port}", "http://evil.example.com", HttpStatusCode.Forbidden)]
    [InlineData("127.0.0.1:{port}", null, HttpStatusCode.OK)]
    [InlineData("localhost:{port}", null, HttpStatusCode.OK)]
    public async Task The_api_server_of_the_local_mode_is_protected_the_same_way(string host, string? origin, HttpStatusCode expected)
    {
        var api = local.Host.Cluster.BaseUri;
        using var http = new HttpClient { BaseAddress = api };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/secrets");
        request.Headers.Host = host.Replace("{port}", api.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await http.SendAsync(request, Ct);

        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_csharp_sdk_client_still_connects()
    {
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = local.McpEndpoint, TransportMode = HttpTransportMode.StreamableHttp }),
            cancellationToken: Ct);

        (await client.ListToolsAsync(cancellationToken: Ct)).Select(t => t.Name).Should().Contain(["list_templates", "create_project"]);
    }
}
