using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Tests.Fakes;

namespace DynamoMcp.PackageDocs.Tests.Registry;

public sealed class PyPiClientTests
{
    [Fact]
    public async Task Reads_releases_in_version_order_with_dates_and_requires_python()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var django = await Clients.PyPi(registry).GetPackageAsync("Django", TestContext.Current.CancellationToken);

        django.Ecosystem.Should().Be(Ecosystem.PyPi);
        django.Name.Should().Be("Django");
        django.Latest.Should().Be("6.0");
        django.Releases.Select(r => r.Version).Should().Equal(
            "4.2", "4.2.16", "5.0", "5.0.9", "5.1", "5.1.1", "5.1.4", "5.2a1", "5.2", "5.2.1", "6.0");
        var v51 = django.Find("5.1")!;
        v51.ReleasedAt.Should().Be(new DateTimeOffset(2024, 8, 7, 14, 2, 54, TimeSpan.Zero));
        v51.RequiresPython.Should().Be(">=3.10");
        v51.Dependencies.Should().BeNull("the project document has no requires_dist; it is read per version");
        django.Find("5.2a1")!.IsPrerelease.Should().BeTrue();
        django.Find("6.0")!.RequiresPython.Should().Be(">=3.12");
    }

    [Fact]
    public async Task Reads_links_from_project_urls()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var client = Clients.PyPi(registry);
        var ct = TestContext.Current.CancellationToken;

        var django = await client.GetPackageAsync("django", ct);
        django.Links.Should().Be(new PackageLinks(
            "https://www.djangoproject.com/", "https://docs.djangoproject.com/", "https://docs.djangoproject.com/en/stable/releases/",
            "https://github.com/django/django", "https://code.djangoproject.com/"));

        // No home_page: "Homepage" in project_urls stands in.
        var filter = await client.GetPackageAsync("django_filter", ct);
        filter.Links.Homepage.Should().Be("https://github.com/carltongibson/django-filter/tree/main");
        filter.Links.Issues.Should().Be("https://github.com/carltongibson/django-filter/issues");
        filter.Links.Repository.Should().Be("https://github.com/carltongibson/django-filter");
    }

    [Fact]
    public async Task Reads_one_release_with_requires_dist_lazily()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var release = await Clients.PyPi(registry).GetReleaseAsync("djangorestframework", "3.15.2", TestContext.Current.CancellationToken);

        release.RequiresPython.Should().Be(">=3.8");
        release.Dependencies!.Select(d => (d.Name, d.Specifier)).Should().Equal(
            ("django", "django>=4.2"), ("backports-zoneinfo", "backports.zoneinfo; python_version < \"3.9\""));
        registry.Requests.Should().Equal("/pypi/djangorestframework/3.15.2/json");
    }

    [Fact]
    public async Task Reads_yanked_releases_and_their_reason()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var client = Clients.PyPi(registry);

        var info = await client.GetPackageAsync("example-pkg", ct);
        info.Find("1.0")!.Yanked.Should().BeTrue();
        info.Find("1.0")!.YankedReason.Should().Be("Broken wheel; use 1.1");
        info.Find("1.1")!.Yanked.Should().BeFalse();

        var release = await client.GetReleaseAsync("example-pkg", "1.0", ct);
        release.Yanked.Should().BeTrue();
        release.Withdrawn.Should().BeTrue();
    }

    [Fact]
    public async Task Serves_under_a_mirror_path()
    {
        await using var registry = await FakeRegistry.StartAsync("/mirrors/pypi");
        var info = await Clients.PyPi(registry).GetPackageAsync("channels", TestContext.Current.CancellationToken);
        info.Latest.Should().Be("4.3.0");
        registry.Requests.Should().Equal("/mirrors/pypi/pypi/channels/json");
    }
}
