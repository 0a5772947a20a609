using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using DynamoMcp.Runtime.DnsRebinding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Runtime.Tests.DnsRebinding;

/// <summary>The middleware over real sockets (Kestrel), where the connection's local address decides "loopback".</summary>
public sealed class DnsRebindingProtectionMiddlewareTests
{
    private static readonly DnsRebindingProtectionOptions Options = new()
    {
        AllowedHosts = ["mcp.example.com"],
        AllowedOrigins = ["https://console.example.com"],
        AllowHostSetting = "--allowed-host (test)",
        AllowOriginSetting = "--allowed-origin (test)",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(WebApplication App, int Port)> StartAsync(IPAddress listen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(listen, 0));
        var app = builder.Build();
        app.UseDnsRebindingProtection(Options);
        app.Run(context => context.Response.WriteAsync("served"));
        await app.StartAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address).Port);
    }

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(string connectTo, int port, string? host, string? origin)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{connectTo}:{port}/anything?sessionId=secret");
        request.Content = new StringContent("{}");
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response);
    }

    [Fact]
    public async Task A_refused_host_gets_403_with_the_header_the_value_and_how_to_allow_it()
    {
        var (app, port) = await StartAsync(IPAddress.Loopback);
        await using var _ = app;

        var (status, body, response) = await SendAsync("127.0.0.1", port, "evil.example.com", "http://evil.example.com");

        status.Should().Be(HttpStatusCode.Forbidden);
        body.Should().Contain("the Host header 'evil.example.com'").And.Contain("--allowed-host (test)").And.Contain("DNS-rebinding");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task A_refused_origin_gets_403_naming_the_origin_setting()
    {
        var (app, port) = await StartAsync(IPAddress.Loopback);
        await using var _ = app;

        var (status, body, _) = await SendAsync("127.0.0.1", port, $"localhost:{port}", "http://evil.example.com");

        status.Should().Be(HttpStatusCode.Forbidden);
        body.Should().Contain("the Origin header 'http://evil.example.com'").And.Contain("--allowed-origin (test)");
    }

    [Theory]
    [InlineData("localhost:{port}", null)]
    [InlineData("127.0.0.1:{port}", "http://127.0.0.1:{port}")]
    [InlineData("mcp.example.com", "https://console.example.com")]
    [InlineData(null, "http://localhost:3000")]
    public async Task Loopback_names_and_allowed_ones_reach_the_application(string? host, string? origin)
    {
        var (app, port) = await StartAsync(IPAddress.Loopback);
        await using var _ = app;

        var (status, body, _) = await SendAsync("127.0.0.1", port, host?.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            origin?.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        status.Should().Be(HttpStatusCode.OK, body);
        body.Should().Be("served");
    }

    [Fact]
    public async Task Over_ipv6_loopback_the_bracketed_address_is_a_loopback_name()
    {
        Assert.SkipUnless(Socket.OSSupportsIPv6 && HasAddress(IPAddress.IPv6Loopback), "this machine has no ::1");
        var (app, port) = await StartAsync(IPAddress.IPv6Loopback);
        await using var _ = app;

        (await SendAsync("[::1]", port, $"[::1]:{port}", $"http://[::1]:{port}")).Status.Should().Be(HttpStatusCode.OK);
        (await SendAsync("[::1]", port, "evil.example.com", null)).Status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task On_a_network_address_localhost_and_loopback_pages_are_refused_but_the_address_and_allowed_names_are_served()
    {
        var external = NetworkAddress();
        Assert.SkipWhen(external is null, "this machine has no non-loopback IPv4 address to connect through");
        var (app, port) = await StartAsync(IPAddress.Any);
        await using var _ = app;
        var ip = external!.ToString();

        (await SendAsync(ip, port, $"localhost:{port}", null)).Status.Should().Be(HttpStatusCode.Forbidden, "a network connection is not a loopback one");
        (await SendAsync(ip, port, $"{ip}:{port}", "http://localhost:3000")).Status.Should().Be(HttpStatusCode.Forbidden, "a page on the caller's localhost is not this server's");
        (await SendAsync(ip, port, $"{ip}:{port}", null)).Status.Should().Be(HttpStatusCode.OK, "kubelet probes send the pod IP");
        (await SendAsync(ip, port, "mcp.example.com:443", "https://mcp.example.com")).Status.Should().Be(HttpStatusCode.OK);
        (await SendAsync("127.0.0.1", port, $"localhost:{port}", null)).Status.Should().Be(HttpStatusCode.OK, "the same listener, reached over loopback");
    }

    private static bool HasAddress(IPAddress address) =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Any(a => a.Address.Equals(address));

    private static IPAddress? NetworkAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
