using System.Net;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests;

/// <summary>
/// The API server refuses web pages that rebind a domain to 127.0.0.1 (they could read Secrets and create workloads
/// through it), over real sockets; kubectl and the client libraries, which send the kubeconfig's 127.0.0.1, are served.
/// </summary>
public sealed class DnsRebindingTests
{
    public static TheoryData<string> Paths() => new()
    {
        "/version",
        "/api",
        "/apis",
        "/api/v1/namespaces/default/secrets",
        "/api/v1/namespaces/default/configmaps?watch=true",
        "/openapi/v2",
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_rebinding_host_gets_403_on_every_path(string path)
    {
        await using var server = await StartAsync();

        var (status, body) = await GetAsync(server, path, "evil.example.com", "http://evil.example.com");

        status.Should().Be(HttpStatusCode.Forbidden);
        body.Should().Contain("the Host header 'evil.example.com'").And.Contain("--allowed-host of the local mode");
    }

    [Fact]
    public async Task A_foreign_origin_gets_403_even_with_a_loopback_host()
    {
        await using var server = await StartAsync();

        var (status, body) = await GetAsync(server, "/api", $"127.0.0.1:{server.BaseUri.Port}", "https://evil.example.com");

        status.Should().Be(HttpStatusCode.Forbidden);
        body.Should().Contain("the Origin header 'https://evil.example.com'").And.Contain("--allowed-origin of the local mode");
    }

    [Theory]
    [InlineData("127.0.0.1:{port}", null)]
    [InlineData("localhost:{port}", null)]
    [InlineData("localhost:{port}", "http://localhost:3000")]
    [InlineData("[::1]:{port}", null)]
    public async Task Loopback_names_get_the_normal_answer(string host, string? origin)
    {
        await using var server = await StartAsync();

        var (status, body) = await GetAsync(server, "/api", host.Replace("{port}", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), origin);

        status.Should().Be(HttpStatusCode.OK, body);
        body.Should().Contain("\"APIVersions\"");
    }

    [Fact]
    public async Task Allowed_names_are_served_and_a_refusal_comes_before_the_token_check()
    {
        await using var server = await StartAsync(new LocalClusterOptions
        {
            Token = "secret-token",
            AllowedHosts = ["cluster.localhost"],
            AllowedOrigins = ["https://dashboard.example.test"],
        });

        (await GetAsync(server, "/api", "cluster.localhost", "https://dashboard.example.test")).Status.Should().Be(HttpStatusCode.Unauthorized, "allowed, then the token is missing");
        (await GetAsync(server, "/api", "cluster.localhost", null, "secret-token")).Status.Should().Be(HttpStatusCode.OK);
        (await GetAsync(server, "/api", "evil.example.com", null, "secret-token")).Status.Should().Be(HttpStatusCode.Forbidden, "a stolen token does not make a rebinding page welcome");
    }

    [Fact]
    public async Task A_bad_allowlist_entry_stops_the_start_naming_it()
    {
        var start = () => StartAsync(new LocalClusterOptions { AllowedHosts = ["http://cluster.localhost"] });

        (await start.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().StartWith("Allowed host 'http://cluster.localhost' is a URL");
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(LocalClusterServer server, string path, string host, string? origin, string? token = null)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        var body = response.StatusCode == HttpStatusCode.OK && path.Contains("watch=true", StringComparison.Ordinal)
            ? ""
            : await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, body);
    }
}
