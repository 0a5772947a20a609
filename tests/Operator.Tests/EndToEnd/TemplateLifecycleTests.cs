using System.Diagnostics;
using System.Text;
using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>
/// The template lifecycle through the operator in local mode (bubblewrap): renders from the stored snapshot (one fetch
/// per revision, none per Scaffold), pinned older revisions, and updates whose patch turns the old project into the new.
/// </summary>
public sealed class TemplateLifecycleTests(OperatorClusterFixture fixture) : IClassFixture<OperatorClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OperatorTestCluster Cluster
    {
        get
        {
            Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
            return fixture.Cluster;
        }
    }

    private static void WriteVersion(TemplateRepository repository, string greeting, bool withChangelog)
    {
        repository
            .WriteFile("cookiecutter.json", """{"project_name": "Demo", "project_slug": "{{ cookiecutter.project_name | lower }}", "greeting": "hello"}""")
            .WriteFile("{{cookiecutter.project_slug}}/README.md", $"# {{{{ cookiecutter.project_name }}}}\n\n{greeting}, {{{{ cookiecutter.greeting }}}}!\n")
            .WriteFile("{{cookiecutter.project_slug}}/src/app.py", "print('{{ cookiecutter.project_slug }}')\n");
        if (withChangelog)
        {
            repository.WriteFile("{{cookiecutter.project_slug}}/CHANGELOG.md", "# Changes of {{ cookiecutter.project_name }}\n");
        }
    }

    private async Task RefreshAsync(string template, string expectedRevision)
    {
        var cluster = Cluster;
        var body = new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object> { ["annotations"] = new Dictionary<string, string> { [WellKnown.Annotations.RefreshRequestedAt] = Guid.NewGuid().ToString("N") } },
        };
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(body, V1Patch.PatchType.MergePatch), WellKnown.Group, WellKnown.Version, cluster.Namespace, CookiecutterTemplate.KubePlural, template, cancellationToken: Ct);
        await OperatorTestCluster.WaitAsync(() => cluster.GetTemplateAsync(template, Ct), t => t?.Status.ResolvedRevision == expectedRevision, $"template {template} at {expectedRevision}", Ct);
    }

    private async Task<Scaffold> SucceededAsync(Scaffold scaffold)
    {
        var cluster = Cluster;
        await cluster.CreateAsync(scaffold, Ct);
        var done = await cluster.WaitForScaffoldAsync(scaffold.Metadata.Name, Ct);
        done.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, done.Status.Message + await cluster.DescribeAsync());
        return done;
    }

    private static string Unpack(byte[] archive, string into)
    {
        foreach (var (path, bytes) in ScaffoldArchive.ReadAll(archive))
        {
            var file = Path.Combine(into, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        }

        return into;
    }

    private static async Task<string> GitAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.autocrlf=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        process.ExitCode.Should().Be(0, $"git {string.Join(' ', arguments)}: {error}");
        return output;
    }

    [Fact]
    public async Task Scaffolds_render_the_stored_snapshot_without_fetching_even_once_the_repository_is_gone()
    {
        var cluster = Cluster;
        var repository = cluster.CreateRepository();
        WriteVersion(repository, "Hi", withChangelog: false);
        var revision = repository.Commit("v1");
        await cluster.CreateAsync(OperatorTestCluster.Template("snap", "file://" + repository.Path), Ct);
        var template = await cluster.WaitForTemplateAsync("snap", Ct);
        template.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());

        var snapshot = template.Status.Snapshots.Should().ContainSingle().Subject;
        snapshot.Revision.Should().Be(revision);
        snapshot.Files.Should().Be(3);
        foreach (var name in snapshot.ConfigMaps)
        {
            var map = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync(name, cluster.Namespace, cancellationToken: Ct);
            map.Metadata.OwnerReferences.Single().Uid.Should().Be(template.Metadata.Uid);
        }

        // Nothing left to fetch from: the renders must use the snapshot.
        repository.Dispose();
        Directory.Exists(repository.Path).Should().BeFalse();
        var renders = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => SucceededAsync(OperatorTestCluster.Scaffold($"snap-{i}", "snap",
            new Dictionary<string, object?> { ["project_name"] = $"App{i}" }))));

        var jobs = await cluster.JobsAsync(Ct);
        jobs.Where(j => j.Metadata.Labels["dynamo-mcp.io/purpose"] == "inspect" && j.Metadata.Labels["dynamo-mcp.io/cookiecuttertemplate"] == "snap")
            .Should().ContainSingle("one fetch per template revision, not one per Scaffold");
        foreach (var render in renders)
        {
            render.Status.Revision.Should().Be(revision);
            var job = jobs.Single(j => j.Metadata.Labels.TryGetValue("dynamo-mcp.io/scaffold", out var owner) && owner == render.Metadata.Name);
            job.Spec.Template.Spec.InitContainers.Should().BeNull("no fetch step");
            job.Spec.Template.Spec.Volumes.Should().NotContain(v => v.Secret != null);
        }

        var cruft = await new ScaffoldResultReader(cluster.Client).ReadFileAsync(cluster.Namespace, "snap-2", "app2/.cruft.json", Ct);
        var record = System.Text.Json.JsonDocument.Parse(cruft!).RootElement;
        record.GetProperty("template").GetString().Should().Be("file://" + repository.Path);
        record.GetProperty("commit").GetString().Should().Be(revision);
        record.GetProperty("context").GetProperty("cookiecutter").GetProperty("project_name").GetString().Should().Be("App2");
        var policy = await cluster.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("snap-render-egress", cluster.Namespace, cancellationToken: Ct);
        policy.Spec.Egress.Should().BeEmpty();
    }

    [Fact]
    public async Task An_update_gives_a_patch_that_git_apply_turns_the_project_at_A_into_the_project_at_B()
    {
        var cluster = Cluster;
        using var repository = cluster.CreateRepository();
        WriteVersion(repository, "Hi", withChangelog: false);
        var a = repository.Commit("A");
        await cluster.CreateAsync(OperatorTestCluster.Template("evolving", "file://" + repository.Path), Ct);
        (await cluster.WaitForTemplateAsync("evolving", Ct)).Status.ResolvedRevision.Should().Be(a, await cluster.DescribeAsync());
        var v1 = await SucceededAsync(OperatorTestCluster.Scaffold("evolving-v1", "evolving", new Dictionary<string, object?> { ["project_name"] = "Shop" }));
        v1.Status.Revision.Should().Be(a);

        // B changes a templated file and adds one.
        WriteVersion(repository, "Welcome", withChangelog: true);
        var b = repository.Commit("B");
        await RefreshAsync("evolving", b);
        var held = (await cluster.GetTemplateAsync("evolving", Ct))!.Status.Snapshots!.Select(s => s.Revision);
        held.Should().Equal(b, a);

        var update = OperatorTestCluster.Scaffold("evolving-v2", "evolving", new Dictionary<string, object?> { ["greeting"] = "friends" });
        update.Spec.UpdateFrom = new ScaffoldReference { Name = "evolving-v1" };
        var v2 = await SucceededAsync(update);
        var fresh = await SucceededAsync(OperatorTestCluster.Scaffold("evolving-b", "evolving", new Dictionary<string, object?> { ["project_name"] = "Shop", ["greeting"] = "friends" }));

        v2.Status.Revision.Should().Be(b);
        var status = v2.Status.Update!;
        (status.From, status.FromRevision, status.ToRevision).Should().Be(("evolving-v1", a, b));
        status.Files!.Select(f => (f.Path, f.Change)).Should().Equal((".cruft.json", "modified"), ("CHANGELOG.md", "added"), ("README.md", "modified"));
        var map = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync(status.PatchConfigMap, cluster.Namespace, cancellationToken: Ct);
        var patch = map.Data["patch"];
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(patch))).Should().Be(status.PatchSha256);

        // The project rendered at A, as a user's repository, takes the patch and becomes the project rendered at B.
        var reader = new ScaffoldResultReader(cluster.Client);
        var work = Path.Combine(cluster.FixtureRoot, "apply-" + Guid.NewGuid().ToString("N")[..8]);
        var project = Path.Combine(Unpack((await reader.GetArchiveAsync(cluster.Namespace, "evolving-v1", Ct))!, work), "shop");
        await GitAsync(project, "init", "-q");
        await GitAsync(project, "add", "-A");
        await GitAsync(project, "commit", "-q", "-m", "generated at A");
        File.WriteAllText(Path.Combine(work, "update.patch"), patch);
        await GitAsync(project, "apply", "-3", "--index", Path.Combine(work, "update.patch"));

        var expected = ScaffoldArchive.ReadAll((await reader.GetArchiveAsync(cluster.Namespace, "evolving-v2", Ct))!)
            .Where(f => f.Key.StartsWith("shop/", StringComparison.Ordinal))
            .ToDictionary(f => f.Key["shop/".Length..], f => f.Value);
        var actual = Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(project, f).Replace('\\', '/'), File.ReadAllBytes);
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (path, bytes) in expected)
        {
            actual[path].Should().Equal(bytes, path);
        }

        Encoding.UTF8.GetString(actual["README.md"]).Should().Be("# Shop\n\nWelcome, friends!\n");
        // The update equals a fresh render at B with the same variables, apart from nothing at all.
        ScaffoldArchive.ReadAll((await reader.GetArchiveAsync(cluster.Namespace, "evolving-b", Ct))!)["shop/README.md"].Should().Equal(expected["README.md"]);
        fresh.Status.Revision.Should().Be(b);

        // An older revision the template still holds can be pinned.
        var pinned = OperatorTestCluster.Scaffold("evolving-at-a", "evolving");
        pinned.Spec.Revision = a[..8];
        (await SucceededAsync(pinned)).Status.Revision.Should().Be(a);
        var unknown = OperatorTestCluster.Scaffold("evolving-at-x", "evolving");
        unknown.Spec.Revision = "0000000";
        await cluster.CreateAsync(unknown, Ct);
        var refused = await cluster.WaitForScaffoldAsync("evolving-at-x", Ct);
        refused.Status.Conditions.Find(ConditionTypes.Stalled)!.Reason.Should().Be(ConditionReasons.SnapshotNotFound);
        refused.Status.Message.Should().Contain("holds no snapshot of revision 0000000");
    }
}
