using DynamoMcp.McpBridge.Catalog;
using DynamoMcp.McpBridge.Servers;

namespace DynamoMcp.McpBridge.Tests.Catalog;

/// <summary>The catalog format: templates and servers in one document, either list optional.</summary>
public sealed class TemplateCatalogTests
{
    private static string SampleCatalog() => File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "config", "catalog", "templates.yaml"));

    [Fact]
    public void The_sample_catalog_has_templates_and_servers_that_add_mcp_server_accepts_as_they_are()
    {
        var document = TemplateCatalog.ParseDocument(SampleCatalog(), "config/catalog/templates.yaml");

        document.Templates.Should().NotBeEmpty();
        document.Servers.Select(s => s.Name).Should().Contain(["everything", "memory", "filesystem", "sequential-thinking"]);
        foreach (var entry in document.Servers)
        {
            entry.Description.Should().NotBeNullOrWhiteSpace(entry.Name);
            entry.Tags.Should().NotBeEmpty(entry.Name);
            var input = new McpServerInput(
                entry.Name, entry.Url, entry.Image, entry.Command, entry.Args, entry.Transport, entry.Port, entry.Path, entry.Env, null, null, entry.Egress);
            McpServerManifests.Problems(input, out _).Should().BeEmpty(entry.Name);
        }
    }

    [Fact]
    public void Parse_still_returns_the_templates_of_a_document_with_servers()
    {
        var templates = TemplateCatalog.Parse(SampleCatalog(), "sample");

        templates.Should().HaveCount(TemplateCatalog.ParseDocument(SampleCatalog(), "sample").Templates.Count);
        templates.Should().OnlyContain(t => t.GitUrl.StartsWith("https://", StringComparison.Ordinal));
    }

    [Fact]
    public void A_catalog_without_servers_or_without_templates_parses_with_an_empty_list()
    {
        var templatesOnly = TemplateCatalog.ParseDocument("templates:\n  - name: a\n    gitUrl: https://example.com/a.git\n", "t");
        var serversOnly = TemplateCatalog.ParseDocument("servers:\n  - name: s\n    url: https://mcp.example.com/mcp\n", "s");
        var empty = TemplateCatalog.ParseDocument("", "e");

        templatesOnly.Templates.Should().ContainSingle();
        templatesOnly.Servers.Should().BeEmpty();
        serversOnly.Templates.Should().BeEmpty();
        serversOnly.Servers.Single().Url.Should().Be("https://mcp.example.com/mcp");
        empty.Templates.Should().BeEmpty();
        empty.Servers.Should().BeEmpty();
    }
}
