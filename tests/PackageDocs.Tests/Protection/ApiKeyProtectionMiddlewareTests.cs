using System.Globalization;
using System.Net;
using System.Text.Json;
using DynamoMcp.PackageDocs.Protection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.PackageDocs.Tests.Protection;

/// <summary>The middleware in a real ASP.NET Core pipeline (TestServer), on a fake clock at 12:20 UTC.</summary>
public sealed class ApiKeyProtectionMiddlewareTests : IAsyncDisposable
{
    private const string Pepper = "deployment-pepper-0123";
    private const string AcmeKey = "pd_acme_0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string WagtailKey = "pd_wagtail_00112233445566778899aabbccddeeff";
    private static readonly DateTimeOffset TwelveTwenty = DateTimeOffset.Parse("2026-03-01T12:20:00Z", CultureInfo.InvariantCulture);

    private readonly FakeTimeProvider time = new(TwelveTwenty);
    private IHost? host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProtectionOptions Options(int anonymous = 100, int keyed = 1_000, int openSource = 5_000) => new()
    {
        Pepper = Pepper,
        Keys =
        [
            new ConfiguredApiKey { Hash = ApiKeyHasher.Hash(AcmeKey, Pepper), Class = ApiKeyClass.Keyed, Owner = "acme" },
            new ConfiguredApiKey { Hash = ApiKeyHasher.Hash(WagtailKey, Pepper), Class = ApiKeyClass.OpenSource, Owner = "wagtail" },
        ],
        Limits = new HourlyLimits { Anonymous = anonymous, Keyed = keyed, OpenSource = openSource },
    };

    [Fact]
    public async Task An_anonymous_caller_gets_100_requests_an_hour_then_429_with_retry_after_until_the_whole_hour()
    {
        var server = await StartAsync(Options());

        var allowed = new List<HttpContext>();
        for (var i = 0; i < 100; i++)
        {
            allowed.Add(await SendAsync(server, "/api/pypi/django", "10.0.0.1"));
        }

        var refused = await SendAsync(server, "/api/pypi/django", "10.0.0.1");

        allowed.Should().AllSatisfy(c => c.Response.StatusCode.Should().Be(200));
        Headers(allowed[0]).Should().Be(("100", "99", "1772370000"));
        Headers(allowed[99]).Should().Be(("100", "0", "1772370000"));
        refused.Response.StatusCode.Should().Be(429);
        refused.Response.Headers.RetryAfter.ToString().Should().Be("2400");
        Headers(refused).Should().Be(("100", "0", "1772370000"));
        var body = await BodyAsync(refused);
        body.GetProperty("error").GetString().Should().Be("rate_limited");
        body.GetProperty("retryAfterSeconds").GetInt64().Should().Be(2400);
        body.GetProperty("message").GetString().Should().Contain("100 requests per hour").And.Contain("ask for an API key");
    }

    [Fact]
    public async Task Anonymous_callers_are_counted_per_client_address()
    {
        var server = await StartAsync(Options(anonymous: 2));

        var statuses = new List<int>();
        foreach (var address in (string[])["10.0.0.1", "10.0.0.1", "10.0.0.1", "10.0.0.2", "2001:db8::1"])
        {
            statuses.Add((await SendAsync(server, "/api/npm/vue", address)).Response.StatusCode);
        }

        statuses.Should().Equal(200, 200, 429, 200, 200);
    }

    [Fact]
    public async Task A_new_window_at_the_whole_hour_lets_the_caller_in_again()
    {
        var server = await StartAsync(Options(anonymous: 1));
        await SendAsync(server, "/api/npm/vue", "10.0.0.1");
        var refused = await SendAsync(server, "/api/npm/vue", "10.0.0.1");

        time.Advance(TimeSpan.FromSeconds(long.Parse(refused.Response.Headers.RetryAfter.ToString(), CultureInfo.InvariantCulture)));
        var again = await SendAsync(server, "/api/npm/vue", "10.0.0.1");

        (refused.Response.StatusCode, again.Response.StatusCode).Should().Be((429, 200));
        Headers(again).Should().Be(("1", "0", "1772373600"));
    }

    [Fact]
    public async Task Each_key_class_has_its_own_limit_and_a_key_is_counted_apart_from_its_address()
    {
        var server = await StartAsync(Options(anonymous: 1, keyed: 2, openSource: 3));

        async Task<List<int>> Statuses(int count, string? key)
        {
            var statuses = new List<int>();
            for (var i = 0; i < count; i++)
            {
                statuses.Add((await SendAsync(server, "/api/pypi/celery", "10.0.0.1", bearer: key)).Response.StatusCode);
            }

            return statuses;
        }

        (await Statuses(2, null)).Should().Equal(200, 429);
        (await Statuses(3, AcmeKey)).Should().Equal(200, 200, 429);
        (await Statuses(4, WagtailKey)).Should().Equal(200, 200, 200, 429);
    }

    [Fact]
    public async Task The_default_limits_are_1000_for_a_key_and_5000_for_an_open_source_key()
    {
        var server = await StartAsync(Options());

        var keyed = await SendAsync(server, "/api/pypi/django", "10.0.0.1", bearer: AcmeKey);
        var openSource = await SendAsync(server, "/api/pypi/django", "10.0.0.1", apiKey: WagtailKey);

        Headers(keyed).Should().Be(("1000", "999", "1772370000"));
        Headers(openSource).Should().Be(("5000", "4999", "1772370000"));
    }

    [Theory]
    [InlineData("bearer", "pd_unknown_key")]
    [InlineData("x-api-key", "pd_unknown_key")]
    [InlineData("bearer", "")]
    public async Task An_unknown_key_is_refused_with_401_and_a_json_error(string header, string key)
    {
        var server = await StartAsync(Options());

        var context = header == "bearer"
            ? await SendAsync(server, "/api/pypi/django", "10.0.0.1", bearer: key)
            : await SendAsync(server, "/api/pypi/django", "10.0.0.1", apiKey: key);

        context.Response.StatusCode.Should().Be(401);
        context.Response.ContentType.Should().StartWith("application/json");
        var body = await BodyAsync(context);
        body.GetProperty("error").GetString().Should().Be("unknown_api_key");
        body.GetProperty("message").GetString().Should().Contain("call without one for the anonymous limit");
        context.Response.Headers.ContainsKey("X-RateLimit-Limit").Should().BeFalse();
    }

    [Fact]
    public async Task The_probe_and_metrics_paths_are_never_limited_nor_authenticated()
    {
        var server = await StartAsync(Options(anonymous: 1));
        await SendAsync(server, "/api/pypi/django", "10.0.0.1");
        var limited = await SendAsync(server, "/api/pypi/django", "10.0.0.1");

        var probes = new List<HttpContext>();
        foreach (var path in (string[])["/healthz", "/readyz", "/metrics", "/HEALTHZ", "/readyz/details"])
        {
            for (var i = 0; i < 5; i++)
            {
                probes.Add(await SendAsync(server, path, "10.0.0.1"));
            }
        }

        var unknownKeyProbe = await SendAsync(server, "/healthz", "10.0.0.1", bearer: "pd_unknown_key");
        var lookalike = await SendAsync(server, "/healthzz", "10.0.0.1");

        limited.Response.StatusCode.Should().Be(429);
        probes.Should().AllSatisfy(p =>
        {
            p.Response.StatusCode.Should().Be(200);
            p.Response.Headers.ContainsKey("X-RateLimit-Limit").Should().BeFalse();
        });
        unknownKeyProbe.Response.StatusCode.Should().Be(200);
        lookalike.Response.StatusCode.Should().Be(429);
    }

    [Fact]
    public async Task A_bearer_token_wins_over_an_x_api_key_header()
    {
        var server = await StartAsync(Options());

        var context = await SendAsync(server, "/api/pypi/django", "10.0.0.1", bearer: WagtailKey, apiKey: "pd_unknown_key");

        Headers(context).Limit.Should().Be("5000");
    }

    [Theory]
    [InlineData("Bearer abc", null, "abc")]
    [InlineData("bearer  abc ", null, "abc")]
    [InlineData("Basic dXNlcjpwYXNz", null, null)]
    [InlineData("Basic dXNlcjpwYXNz", "k", "k")]
    [InlineData(null, " k ", "k")]
    [InlineData(null, null, null)]
    [InlineData("Bearer", null, "")]
    public void The_presented_key_comes_from_a_bearer_token_or_x_api_key(string? authorization, string? apiKey, string? expected)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (authorization is not null)
        {
            headers.Authorization = authorization;
        }

        if (apiKey is not null)
        {
            headers[ApiKeyProtectionMiddleware.ApiKeyHeader] = apiKey;
        }

        ApiKeyProtectionMiddleware.PresentedKey(headers).Should().Be(expected);
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    private async Task<TestServer> StartAsync(ProtectionOptions options)
    {
        host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .ConfigureServices(services => services.AddSingleton<TimeProvider>(time).AddApiKeyProtection(options))
                .Configure(app =>
                {
                    app.UseApiKeyProtection();
                    app.Run(context => context.Response.WriteAsync("ok", context.RequestAborted));
                }))
            .Build();
        await host.StartAsync(Ct);
        return host.GetTestServer();
    }

    private static Task<HttpContext> SendAsync(TestServer server, string path, string clientAddress, string? bearer = null, string? apiKey = null) =>
        server.SendAsync(context =>
        {
            context.Request.Method = "GET";
            context.Request.Path = path;
            context.Connection.RemoteIpAddress = IPAddress.Parse(clientAddress);
            if (bearer is not null)
            {
                context.Request.Headers.Authorization = $"Bearer {bearer}";
            }

            if (apiKey is not null)
            {
                context.Request.Headers[ApiKeyProtectionMiddleware.ApiKeyHeader] = apiKey;
            }
        }, Ct);

    private static (string Limit, string Remaining, string Reset) Headers(HttpContext context) =>
        (context.Response.Headers["X-RateLimit-Limit"].ToString(),
         context.Response.Headers["X-RateLimit-Remaining"].ToString(),
         context.Response.Headers["X-RateLimit-Reset"].ToString());

    private static async Task<JsonElement> BodyAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: Ct);
        return document.RootElement.Clone();
    }
}
