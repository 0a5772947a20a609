using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Registry;
using DynamoMcp.PackageDocs.Tests.Fakes;

namespace DynamoMcp.PackageDocs.Tests.Registry;

public sealed class RegistryFailureTests
{
    [Fact]
    public async Task Retries_500s_then_succeeds()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.FailNext(2);
        var info = await Clients.PyPi(registry, maxAttempts: 3).GetPackageAsync("celery", TestContext.Current.CancellationToken);

        info.Latest.Should().Be("5.5.3");
        registry.Requests.Should().Equal("/pypi/celery/json", "/pypi/celery/json", "/pypi/celery/json");
    }

    [Fact]
    public async Task Retries_429_and_503_too()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.FailNext(1, 429);
        var info = await Clients.Npm(registry).GetPackageAsync("pinia", TestContext.Current.CancellationToken);
        info.Latest.Should().Be("4.1.0");
        registry.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Gives_up_after_max_attempts_with_registry_unavailable()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.FailNext(10, 503);
        var act = () => Clients.Npm(registry, maxAttempts: 4).GetPackageAsync("vue", TestContext.Current.CancellationToken);

        var e = (await act.Should().ThrowAsync<RegistryException>()).Which;
        e.Kind.Should().Be(RegistryErrorKind.RegistryUnavailable);
        e.Ecosystem.Should().Be(Ecosystem.Npm);
        e.Message.Should().Contain(registry.BaseUrl.ToString()).And.Contain("HTTP 503").And.Contain("4 attempt(s)").And.Contain("mirror");
        registry.Requests.Should().HaveCount(4);
    }

    [Fact]
    public async Task Retries_a_timeout_then_succeeds()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.StallNext(1); // the first request hangs until the client's per-attempt timeout gives up on it
        var info = await Clients.Npm(registry, timeout: TimeSpan.FromMilliseconds(300)).GetPackageAsync("nuxt", TestContext.Current.CancellationToken);

        info.Latest.Should().Be("4.5.2");
        registry.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Timeouts_every_time_end_as_registry_unavailable()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.StallNext(10);
        var act = () => Clients.PyPi(registry, maxAttempts: 2, timeout: TimeSpan.FromMilliseconds(200))
            .GetPackageAsync("django", TestContext.Current.CancellationToken);

        var e = (await act.Should().ThrowAsync<RegistryException>()).Which;
        e.Kind.Should().Be(RegistryErrorKind.RegistryUnavailable);
        e.Message.Should().Contain("no answer within 0.2 s");
    }

    [Fact]
    public async Task Connection_refused_is_registry_unavailable()
    {
        Uri closed;
        await using (var registry = await FakeRegistry.StartAsync())
        {
            closed = registry.BaseUrl;
        }

        var client = new PyPiClient(new HttpClient(), new RegistryClientOptions
        {
            BaseUrl = closed, MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(1),
        }, Microsoft.Extensions.Logging.Abstractions.NullLogger<PyPiClient>.Instance);
        var act = () => client.GetPackageAsync("django", TestContext.Current.CancellationToken);

        var e = (await act.Should().ThrowAsync<RegistryException>()).Which;
        e.Kind.Should().Be(RegistryErrorKind.RegistryUnavailable);
        e.Message.Should().Contain("connection failed");
    }

    [Fact]
    public async Task Not_found_is_final_and_says_what_to_check()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var act = () => Clients.PyPi(registry).GetPackageAsync("no-such-project", TestContext.Current.CancellationToken);

        var e = (await act.Should().ThrowAsync<RegistryException>()).Which;
        e.Kind.Should().Be(RegistryErrorKind.NotFound);
        e.Message.Should().Contain("'no-such-project'").And.Contain("404").And.Contain("spelling");
        registry.Requests.Should().ContainSingle("a 404 is not retried");
    }

    [Fact]
    public async Task A_missing_pypi_version_is_not_found()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var act = () => Clients.PyPi(registry).GetReleaseAsync("django", "1.0", TestContext.Current.CancellationToken);
        (await act.Should().ThrowAsync<RegistryException>()).Which.Kind.Should().Be(RegistryErrorKind.NotFound);
    }

    [Fact]
    public async Task Non_json_is_an_invalid_response()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.GarbageNext(1);
        var act = () => Clients.Npm(registry).GetPackageAsync("vue", TestContext.Current.CancellationToken);

        var e = (await act.Should().ThrowAsync<RegistryException>()).Which;
        e.Kind.Should().Be(RegistryErrorKind.InvalidResponse);
        e.Message.Should().Contain("did not answer with JSON").And.Contain("npm registry");
        registry.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Json_of_the_wrong_shape_is_an_invalid_response()
    {
        // A PyPI document read as an npm packument: JSON, but no "versions".
        await using var registry = await FakeRegistry.StartAsync();
        var npm = new NpmClient(new HttpClient(), new RegistryClientOptions { BaseUrl = new Uri(registry.BaseUrl, "pypi/django/"), MaxAttempts = 1 },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<NpmClient>.Instance);
        var act = () => npm.GetPackageAsync("json", TestContext.Current.CancellationToken);

        var e = (await act.Should().ThrowAsync<RegistryException>()).Which;
        e.Kind.Should().Be(RegistryErrorKind.InvalidResponse);
        e.Message.Should().Contain("without a 'versions' object");
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("django rest")]
    [InlineData("")]
    public async Task Invalid_pypi_names_are_refused_before_any_request(string name)
    {
        await using var registry = await FakeRegistry.StartAsync();
        var act = () => Clients.PyPi(registry).GetPackageAsync(name, TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<RegistryException>()).Which.Kind.Should().Be(RegistryErrorKind.InvalidName);
        registry.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("Vue Router")]
    [InlineData("_vue")]
    [InlineData("@vitejs/plugin/vue")]
    public async Task Invalid_npm_names_are_refused_before_any_request(string name)
    {
        await using var registry = await FakeRegistry.StartAsync();
        var act = () => Clients.Npm(registry).GetPackageAsync(name, TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<RegistryException>()).Which.Kind.Should().Be(RegistryErrorKind.InvalidName);
        registry.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_invalid_pypi_version_is_refused_before_any_request()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var act = () => Clients.PyPi(registry).GetReleaseAsync("django", "../5.1", TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<RegistryException>()).Which.Message.Should().Contain("not a PEP 440 version");
        registry.Requests.Should().BeEmpty();
    }

    [Fact]
    public void Options_refuse_a_relative_base_url()
    {
        var act = () => new PyPiClient(new HttpClient(), new RegistryClientOptions { BaseUrl = new Uri("pypi", UriKind.Relative) },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PyPiClient>.Instance);
        act.Should().Throw<ArgumentException>().WithMessage("*absolute http(s) URL*");
    }
}
