using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Tests.Fakes;

namespace DynamoMcp.PackageDocs.Tests.Registry;

public sealed class NpmClientTests
{
    [Fact]
    public async Task Reads_a_recorded_packument()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var router = await Clients.Npm(registry).GetPackageAsync("vue-router", TestContext.Current.CancellationToken);

        router.Ecosystem.Should().Be(Ecosystem.Npm);
        router.Latest.Should().Be("5.5.1");
        router.Releases.Should().HaveCount(40);
        router.Releases[^1].Version.Should().Be("5.5.1", "releases are in semver order, newest last");
        router.Releases.Select(r => r.Version).Should().ContainInOrder("4.5.1", "4.6.0", "5.0.0-beta.2", "5.0.0");
        router.Find("5.0.0-beta.2")!.IsPrerelease.Should().BeTrue();
        router.Find("5.5.1")!.ReleasedAt.Should().Be(new DateTimeOffset(2026, 11, 13, 16, 41, 11, TimeSpan.Zero));
        router.Find("4.6.5")!.Dependencies.Should().ContainEquivalentOf(new PackageDependency("vue", "^3.5.0", DependencyKind.Peer));
        router.Find("5.5.1")!.Dependencies.Should().ContainEquivalentOf(new PackageDependency("vite", "^7.3.0 || ^8.0.0", DependencyKind.OptionalPeer));
    }

    [Fact]
    public async Task Reads_engines_and_links()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var plugin = await Clients.Npm(registry).GetPackageAsync("@vitejs/plugin-vue", TestContext.Current.CancellationToken);

        plugin.Name.Should().Be("@vitejs/plugin-vue");
        plugin.Find("6.0.11")!.RequiresNode.Should().Be("^20.19.0 || >=22.12.0");
        plugin.Find("4.6.2")!.RequiresNode.Should().Be("^14.18.0 || >=16.0.0");
        // The recorded packument has these at version level only; the latest version's stand in.
        plugin.Links.Should().Be(new PackageLinks(
            "https://github.com/vitejs/vite-plugin-vue/tree/main/packages/plugin-vue#readme",
            "https://github.com/vitejs/vite-plugin-vue/tree/main/packages/plugin-vue#readme",
            "https://github.com/vitejs/vite-plugin-vue/releases",
            "https://github.com/vitejs/vite-plugin-vue",
            "https://github.com/vitejs/vite-plugin-vue/issues"));
        registry.Requests.Should().Equal("/@vitejs%2Fplugin-vue");
    }

    [Fact]
    public async Task Reads_deprecation_and_shorthand_links()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var info = await Clients.Npm(registry).GetPackageAsync("@example/deprecated", TestContext.Current.CancellationToken);

        info.Find("1.0.0")!.Deprecated.Should().BeTrue();
        info.Find("1.0.0")!.DeprecatedReason.Should().Be("1.x leaks memory; upgrade to 2.0.0");
        info.Find("1.1.0")!.Deprecated.Should().BeFalse("an empty deprecation message undeprecates");
        info.Find("2.0.0")!.ReleasedAt.Should().Be(new DateTimeOffset(2024, 6, 1, 12, 30, 0, TimeSpan.Zero));
        info.Find("2.0.0")!.Dependencies.Should().BeEquivalentTo(new[]
        {
            new PackageDependency("vue", "^3.4.0", DependencyKind.Runtime),
            new PackageDependency("vue", "^3.5.0", DependencyKind.Peer),
            new PackageDependency("typescript", ">=5", DependencyKind.OptionalPeer),
        });
        info.Links.Repository.Should().Be("https://github.com/example/deprecated");
        info.Links.Issues.Should().Be("https://example.invalid/deprecated/issues");
    }

    [Fact]
    public async Task A_missing_version_is_not_found()
    {
        await using var registry = await FakeRegistry.StartAsync();
        var act = () => Clients.Npm(registry).GetReleaseAsync("vue", "9.9.9", TestContext.Current.CancellationToken);
        (await act.Should().ThrowAsync<DynamoMcp.PackageDocs.Registry.RegistryException>())
            .Which.Kind.Should().Be(DynamoMcp.PackageDocs.Registry.RegistryErrorKind.NotFound);
    }
}
