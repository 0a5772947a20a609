using k8s;
using k8s.Models;
using static DynamoMcp.LocalCluster.Tests.TestCluster;

namespace DynamoMcp.LocalCluster.Tests.Conformance;

public sealed class ListTests
{
    [Theory]
    [InlineData("tier=web", new[] { "a" })]
    [InlineData("tier==web", new[] { "a" })]
    [InlineData("tier!=web", new[] { "b", "c" })]
    [InlineData("tier in (web,db)", new[] { "a", "b" })]
    [InlineData("tier notin (web)", new[] { "b", "c" })]
    [InlineData("tier", new[] { "a", "b" })]
    [InlineData("!tier", new[] { "c" })]
    [InlineData("tier,env=prod", new[] { "b" })]
    public async Task Label_selectors_filter_lists(string selector, string[] expected)
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", new Dictionary<string, string> { ["tier"] = "web" }), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", new Dictionary<string, string> { ["tier"] = "db", ["env"] = "prod" }), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), "default", cancellationToken: Ct);

        var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: selector, cancellationToken: Ct);
        list.Items.Select(i => i.Metadata.Name).Should().Equal(expected);
    }

    [Fact]
    public async Task Field_selectors_filter_by_name_and_namespace()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "kube-system", cancellationToken: Ct);

        (await client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.name=b", cancellationToken: Ct))
            .Items.Should().ContainSingle().Which.Metadata.NamespaceProperty.Should().Be("kube-system");
        (await client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.namespace!=kube-system", cancellationToken: Ct))
            .Items.Select(i => i.Metadata.Name).Should().Equal("a");
    }

    [Fact]
    public async Task Pagination_is_consistent_across_pages()
    {
        await using var server = await StartAsync();
        var client = server.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm{i}"), "default", cancellationToken: Ct);
        }
        var first = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, cancellationToken: Ct);
        first.Items.Select(i => i.Metadata.Name).Should().Equal("cm0", "cm1");
        first.Metadata.ContinueProperty.Should().NotBeNullOrEmpty();

        // Changes after the first page do not leak into later pages of the same list.
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm2a"), "default", cancellationToken: Ct);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("cm4", "default", cancellationToken: Ct);

        var names = first.Items.Select(i => i.Metadata.Name).ToList();
        var token = first.Metadata.ContinueProperty;
        while (!string.IsNullOrEmpty(token))
        {
            var page = await client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: token, cancellationToken: Ct);
            page.Metadata.ResourceVersion.Should().Be(first.Metadata.ResourceVersion);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Metadata.ContinueProperty;
        }
        names.Should().Equal("cm0", "cm1", "cm2", "cm3", "cm4");
    }
}
