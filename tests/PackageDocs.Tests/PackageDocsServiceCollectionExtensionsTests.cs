using DynamoMcp.PackageDocs.Compatibility;
using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DynamoMcp.PackageDocs.Tests;

public sealed class PackageDocsServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddPackageDocs(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task Configured_base_urls_reach_the_mirror()
    {
        await using var registry = await FakeRegistry.StartAsync("/mirror");
        await using var services = Build(new()
        {
            ["Registries:PyPiBaseUrl"] = registry.BaseUrl.ToString(),
            ["Registries:NpmBaseUrl"] = registry.BaseUrl.ToString(),
        });
        var finder = services.GetRequiredService<CompatibilityFinder>();
        var ct = TestContext.Current.CancellationToken;

        (await finder.FindAsync(new CompatibilityQuery(Ecosystem.PyPi, "channels", new Dictionary<string, string> { ["django"] = "3.2" }), ct))
            .Version.Should().Be("4.0.0");
        (await finder.FindAsync(new CompatibilityQuery(Ecosystem.Npm, "pinia", new Dictionary<string, string> { ["vue"] = "2.7.16" }), ct))
            .Version.Should().Be("3.0.3");
        registry.Requests.Should().OnlyContain(r => r.StartsWith("/mirror/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_base_url_fails_at_start_with_the_setting_named()
    {
        await using var services = Build(new() { ["Registries:NpmBaseUrl"] = "registry.internal" });
        var act = () => services.GetRequiredService<IOptions<PackageDocs.Registry.PackageDocsRegistryOptions>>().Value;
        act.Should().Throw<OptionsValidationException>().WithMessage("*NpmBaseUrl*");
    }
}
