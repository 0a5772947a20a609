using System.Text;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Archives;
using DynamoMcp.Generator.Tests.Templates;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>Templates from zip and tar.gz archives served over http on 127.0.0.1, inspected and rendered in the sandbox.</summary>
public sealed class ArchiveTemplateTests(OperatorClusterFixture fixture) : IClassFixture<OperatorClusterFixture>, IDisposable
{
    private readonly ArchiveServer _server = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OperatorTestCluster Cluster
    {
        get
        {
            Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
            return fixture.Cluster;
        }
    }

    private static CookiecutterTemplate Template(string name, string url, string? sha256 = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new CookiecutterTemplateSpec { Source = new TemplateSource { Archive = new ArchiveSource { Url = url, Sha256 = sha256 } } },
    };

    [Fact]
    public async Task An_archive_template_becomes_Ready_at_its_digest_and_a_Scaffold_renders_from_it()
    {
        var cluster = Cluster;
        using var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("", "greeting", "from a zip");
        var zip = TemplateArchive.Zip(repository.Path, topFolder: "templates-main");
        var url = _server.Add("templates-main.zip", zip);

        await cluster.CreateAsync(Template("from-zip", url, TemplateArchive.Sha256(zip)), Ct);
        var template = await cluster.WaitForTemplateAsync("from-zip", Ct);

        template.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());
        template.Status.ResolvedRevision.Should().Be("sha256:" + TemplateArchive.Sha256(zip));
        template.Status.Variables!.Select(v => v.Name).Should().Equal("project_slug", "greeting");

        await cluster.CreateAsync(OperatorTestCluster.Scaffold("from-zip", "from-zip", new Dictionary<string, object?> { ["greeting"] = "rendered" }), Ct);
        var scaffold = await cluster.WaitForScaffoldAsync("from-zip", Ct);

        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, scaffold.Status.Message + await cluster.DescribeAsync());
        scaffold.Status.Revision.Should().Be("sha256:" + TemplateArchive.Sha256(zip));
        var file = await new ScaffoldResultReader(cluster.Client).ReadFileAsync(cluster.Namespace, "from-zip", "demo/hello.txt", Ct);
        Encoding.UTF8.GetString(file!).Should().Be("rendered\n");
    }

    [Fact]
    public async Task A_digest_that_does_not_match_the_archive_stalls_the_template_with_ChecksumMismatch()
    {
        var cluster = Cluster;
        using var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("", "greeting", "hi");
        var tarGz = TemplateArchive.TarGz(repository.Path);
        var url = _server.Add("t.tar.gz", tarGz);

        await cluster.CreateAsync(Template("wrong-digest", url, new string('0', 64)), Ct);
        var template = await cluster.WaitForTemplateAsync("wrong-digest", Ct);

        var stalled = template.Status.Conditions.Find(ConditionTypes.Stalled);
        stalled.Should().NotBeNull(await cluster.DescribeAsync());
        stalled!.Reason.Should().Be(ConditionReasons.ChecksumMismatch);
        stalled.Message.Should().Contain(TemplateArchive.Sha256(tarGz));
    }

    [Fact]
    public async Task An_archive_that_changed_after_inspection_still_renders_the_inspected_bytes_from_the_snapshot()
    {
        var cluster = Cluster;
        using var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("", "greeting", "inspected");
        var url = _server.Add("moving.zip", TemplateArchive.Zip(repository.Path));
        await cluster.CreateAsync(Template("moving", url), Ct);
        var template = await cluster.WaitForTemplateAsync("moving", Ct);
        template.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());

        repository.WriteSmallTemplate("", "greeting", "replaced");
        var replaced = TemplateArchive.Zip(repository.Path);
        _server.Add("moving.zip", replaced);
        await cluster.CreateAsync(OperatorTestCluster.Scaffold("moving", "moving"), Ct);
        var scaffold = await cluster.WaitForScaffoldAsync("moving", Ct);

        // The render never downloads: it renders the snapshot of what was inspected, not the bytes served now.
        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, scaffold.Status.Message + await cluster.DescribeAsync());
        scaffold.Status.Revision.Should().Be(template.Status.ResolvedRevision).And.NotBe("sha256:" + TemplateArchive.Sha256(replaced));
        var hello = await new Api.Scaffolds.ScaffoldResultReader(cluster.Client).ReadFileAsync(cluster.Namespace, "moving", "demo/hello.txt", Ct);
        System.Text.Encoding.UTF8.GetString(hello!).Should().Be("inspected\n");
    }

    public void Dispose() => _server.Dispose();
}
