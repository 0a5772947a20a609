using System.Text.Json;
using System.Text.RegularExpressions;
using DynamoMcp.LocalCluster.LocalMode;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.LocalCluster.Tests.LocalMode;

public sealed partial class SampleTemplatesTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("dynamo-mcp-samples-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public void The_catalog_names_valid_distinct_templates_with_https_git_urls()
    {
        SampleTemplates.Entries.Should().HaveCountGreaterThanOrEqualTo(3);
        SampleTemplates.Entries.Select(e => e.Name).Should().OnlyHaveUniqueItems();
        foreach (var entry in SampleTemplates.Entries)
        {
            DnsLabel().IsMatch(entry.Name).Should().BeTrue($"'{entry.Name}' must be a valid resource name");
            entry.GitUrl.Should().StartWith("https://github.com/");
            entry.Description.Should().NotBeNullOrWhiteSpace();
            entry.Tags.Should().NotBeEmpty();
        }

        SampleTemplates.CatalogText.Should().Be(
            File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "config", "catalog", "templates.yaml")),
            "the build embeds config/catalog/templates.yaml as it is");
    }

    [Fact]
    public async Task Samples_are_added_once_and_a_restart_keeps_what_a_person_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new LocalModeOptions { DataDirectory = _dataDir, ApiServerOnly = true, Samples = true, NoSandbox = true };
        var first = SampleTemplates.Entries[0];
        await using (var host = await LocalModeHost.StartAsync(options, NullLoggerFactory.Instance, ct))
        {
            host.SamplesAdded.Should().Equal(SampleTemplates.Entries.Select(e => e.Name));
            using var client = host.Cluster.CreateClient();
            foreach (var entry in SampleTemplates.Entries)
            {
                var stored = (JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(
                    "dynamo-mcp.io", "v1alpha1", "default", "cookiecuttertemplates", entry.Name, cancellationToken: ct);
                stored.GetProperty("spec").GetProperty("source").GetProperty("git").GetProperty("url").GetString().Should().Be(entry.GitUrl);
                stored.GetProperty("spec").GetProperty("description").GetString().Should().Be(entry.Description);
            }

            var catalog = await client.CoreV1.ReadNamespacedConfigMapAsync(SampleTemplates.CatalogConfigMapName, "default", cancellationToken: ct);
            catalog.Data[SampleTemplates.CatalogConfigMapKey].Should().Be(SampleTemplates.CatalogText);

            // A person edits a sample and the catalog, then starts again with --samples.
            await client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("""{"spec":{"description":"mine now"}}""", V1Patch.PatchType.MergePatch),
                "dynamo-mcp.io", "v1alpha1", "default", "cookiecuttertemplates", first.Name, cancellationToken: ct);
            await client.CoreV1.PatchNamespacedConfigMapAsync(
                new V1Patch("""{"data":{"catalog.yaml":"templates: []\n"}}""", V1Patch.PatchType.MergePatch),
                SampleTemplates.CatalogConfigMapName, "default", cancellationToken: ct);
        }

        await using (var again = await LocalModeHost.StartAsync(options, NullLoggerFactory.Instance, ct))
        {
            again.SamplesAdded.Should().BeEmpty("every sample is there already");
            using var client = again.Cluster.CreateClient();
            var kept = (JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(
                "dynamo-mcp.io", "v1alpha1", "default", "cookiecuttertemplates", first.Name, cancellationToken: ct);
            kept.GetProperty("spec").GetProperty("description").GetString().Should().Be("mine now");
            (await client.CoreV1.ReadNamespacedConfigMapAsync(SampleTemplates.CatalogConfigMapName, "default", cancellationToken: ct))
                .Data[SampleTemplates.CatalogConfigMapKey].Should().Be("templates: []\n");
        }
    }

    [Fact]
    public async Task Without_samples_only_the_catalog_is_created()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await LocalModeHost.StartAsync(
            new LocalModeOptions { DataDirectory = _dataDir, ApiServerOnly = true, NoSandbox = true }, NullLoggerFactory.Instance, ct);
        host.SamplesAdded.Should().BeNull();
        using var client = host.Cluster.CreateClient();
        var templates = (JsonElement)await client.CustomObjects.ListNamespacedCustomObjectAsync(
            "dynamo-mcp.io", "v1alpha1", "default", "cookiecuttertemplates", cancellationToken: ct);
        templates.GetProperty("items").GetArrayLength().Should().Be(0);
        (await client.CoreV1.ReadNamespacedConfigMapAsync(SampleTemplates.CatalogConfigMapName, "default", cancellationToken: ct))
            .Data.Should().ContainKey(SampleTemplates.CatalogConfigMapKey);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
