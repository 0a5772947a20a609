using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>Template fixtures from local git repositories, inspected by the operator in the sandbox.</summary>
public sealed class TemplateInspectionTests(OperatorClusterFixture fixture) : IClassFixture<OperatorClusterFixture>
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

    [Fact]
    public async Task Broken_templates_end_Stalled_with_the_reason_and_a_message_naming_the_problem()
    {
        var cluster = Cluster;
        using var noJson = cluster.CreateRepository();
        noJson.WriteFile("README.md", "not a template\n").Commit("no cookiecutter.json");
        using var badJson = cluster.CreateRepository();
        badJson.WriteFile("cookiecutter.json", "{\"name\": ").WriteFile("{{cookiecutter.name}}/a.txt", "a").Commit("invalid JSON");
        using var good = cluster.CreateRepository();
        good.WriteSmallTemplate("", "greeting", "hi").Commit("ok");
        using var symlink = cluster.CreateRepository();
        symlink.WriteSmallTemplate("", "greeting", "hi").WriteSymlink(SampleTemplates.ProjectFolder + "/passwd", "/etc/passwd").Commit("symlink out");

        (string Name, CookiecutterTemplate Template, string Reason, string Mentions)[] cases =
        [
            ("no-json", OperatorTestCluster.Template("no-json", "file://" + noJson.Path), ConditionReasons.InvalidTemplate, "cookiecutter.json"),
            ("bad-json", OperatorTestCluster.Template("bad-json", "file://" + badJson.Path), ConditionReasons.InvalidTemplate, "JSON"),
            ("bad-ref", OperatorTestCluster.Template("bad-ref", "file://" + good.Path, reference: "no-such-branch"), ConditionReasons.RevisionNotFound, "no-such-branch"),
            ("symlink", OperatorTestCluster.Template("symlink", "file://" + symlink.Path), ConditionReasons.InvalidTemplate, "passwd"),
        ];
        foreach (var c in cases)
        {
            await cluster.CreateAsync(c.Template, Ct);
        }

        foreach (var c in cases)
        {
            var template = await cluster.WaitForTemplateAsync(c.Name, Ct);
            var stalled = template.Status.Conditions.Find(ConditionTypes.Stalled);
            stalled.Should().NotBeNull($"{c.Name} must be Stalled: {await cluster.DescribeAsync()}");
            stalled!.Reason.Should().Be(c.Reason, c.Name);
            stalled.Message.Should().Contain(c.Mentions, c.Name);
            template.Status.Conditions.Find(ConditionTypes.Ready)!.Status.Should().Be(ConditionStatus.False);
            template.Status.Conditions.Find(ConditionTypes.Reconciling).Should().BeNull("kstatus: never Reconciling and Stalled together");
        }
    }

    [Fact]
    public async Task A_template_whose_repository_does_not_exist_yet_retries_with_backoff_and_becomes_Ready_once_it_appears()
    {
        var cluster = Cluster;
        var later = Path.Combine(cluster.FixtureRoot, "appears-later-" + Guid.NewGuid().ToString("N")[..8]);
        await cluster.CreateAsync(OperatorTestCluster.Template("appears-later", "file://" + later), Ct);

        // Not Stalled: a source that cannot be read may come back (DNS blip, host down, repository not pushed yet).
        var failing = await OperatorTestCluster.WaitAsync(
            () => cluster.GetTemplateAsync("appears-later", Ct),
            t => t?.Status?.Conditions.Find(ConditionTypes.Ready)?.Reason == ConditionReasons.SourceUnreachable
                && t.Status.Conditions.IsFalse(ConditionTypes.Ready),
            "the template to report SourceUnreachable", Ct);
        failing.Status.Conditions.Find(ConditionTypes.Stalled).Should().BeNull("a transient failure is retried, not Stalled");
        failing.Status.Conditions.Find(ConditionTypes.Reconciling)!.Reason.Should().Be(ConditionReasons.ProgressingWithRetry);
        failing.Status.Conditions.Find(ConditionTypes.Ready)!.Message.Should().Contain("appears-later").And.Contain("Retrying in");

        using var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("", "greeting", "hi");
        var head = repository.Commit("pushed at last");
        Directory.Move(repository.Path, later);
        try
        {
            var ready = await cluster.WaitForTemplateAsync("appears-later", Ct);
            ready.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());
            ready.Status.ResolvedRevision.Should().Be(head);
            ready.Spec.Suspend.Should().BeNull("nobody touched the spec");
            var attempts = (await cluster.JobsAsync(Ct)).Where(j => j.Metadata.Name.StartsWith("appears-later-inspect-", StringComparison.Ordinal)).ToList();
            attempts.Count.Should().BeGreaterThan(1, "the failed attempt stays until its TTL and a new attempt inspected the repository");
        }
        finally
        {
            Directory.Delete(later, recursive: true);
        }
    }

    [Fact]
    public async Task A_repository_with_two_templates_in_subdirectories_gives_two_templates()
    {
        var cluster = Cluster;
        using var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("python", "module", "py").WriteSmallTemplate("go", "package", "go");
        var head = repository.Commit("two templates");

        await cluster.CreateAsync(OperatorTestCluster.Template("sub-python", "file://" + repository.Path, directory: "python"), Ct);
        await cluster.CreateAsync(OperatorTestCluster.Template("sub-go", "file://" + repository.Path, directory: "go"), Ct);
        var python = await cluster.WaitForTemplateAsync("sub-python", Ct);
        var go = await cluster.WaitForTemplateAsync("sub-go", Ct);

        python.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());
        python.Status.Variables!.Select(v => v.Name).Should().Equal("project_slug", "module");
        go.Status.Variables!.Select(v => v.Name).Should().Equal("project_slug", "package");
        python.Status.ResolvedRevision.Should().Be(head);
        python.Status.InputSchema!.Keys.Should().Contain("properties");
    }

    [Fact]
    public async Task The_refresh_annotation_reinspects_and_picks_up_a_moved_branch()
    {
        var cluster = Cluster;
        using var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("", "greeting", "hi");
        var first = repository.Commit("v1");
        await cluster.CreateAsync(OperatorTestCluster.Template("moving", "file://" + repository.Path, reference: "main"), Ct);
        (await cluster.WaitForTemplateAsync("moving", Ct)).Status.ResolvedRevision.Should().Be(first);

        repository.WriteFile("cookiecutter.json", """{"project_slug": "demo", "greeting": "hi", "audience": "world"}""");
        var second = repository.Commit("v2");
        var body = new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object>
            {
                ["annotations"] = new Dictionary<string, string> { [WellKnown.Annotations.RefreshRequestedAt] = DateTime.UtcNow.ToString("O") },
            },
        };
        var patch = new V1Patch(body, V1Patch.PatchType.MergePatch);
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, WellKnown.Group, WellKnown.Version, cluster.Namespace, CookiecutterTemplate.KubePlural, "moving", cancellationToken: Ct);

        var refreshed = await OperatorTestCluster.WaitAsync(
            () => cluster.GetTemplateAsync("moving", Ct), t => t?.Status.ResolvedRevision == second, "the template to pick up the new commit", Ct);
        refreshed.Status.VariableCount.Should().Be(3);
        refreshed.Status.LastHandledRefreshAt.Should().NotBeNull();
        refreshed.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue();
    }

    [Fact]
    public async Task A_due_refresh_interval_reinspects_without_any_request()
    {
        var cluster = Cluster;
        using var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("", "greeting", "hi");
        var first = repository.Commit("v1");
        var template = OperatorTestCluster.Template("periodic", "file://" + repository.Path, reference: "main");
        template.Spec.RefreshInterval = "2s";
        await cluster.CreateAsync(template, Ct);
        (await cluster.WaitForTemplateAsync("periodic", Ct)).Status.ResolvedRevision.Should().Be(first);

        var second = repository.WriteFile("extra.txt", "moved\n").Commit("v2");

        var refreshed = await OperatorTestCluster.WaitAsync(
            () => cluster.GetTemplateAsync("periodic", Ct), t => t?.Status.ResolvedRevision == second, "the periodic refresh to pick up the new commit", Ct);
        refreshed.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue();
    }

    [Fact]
    public async Task A_spec_change_reinspects_at_the_new_ref()
    {
        var cluster = Cluster;
        using var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("", "greeting", "hi");
        var first = repository.Commit("v1");
        repository.Tag("v1");
        var second = repository.WriteSmallTemplate("", "farewell", "bye").Commit("v2");
        await cluster.CreateAsync(OperatorTestCluster.Template("by-tag", "file://" + repository.Path, reference: "v1"), Ct);
        (await cluster.WaitForTemplateAsync("by-tag", Ct)).Status.ResolvedRevision.Should().Be(first);

        var body = new Dictionary<string, object>
        {
            ["spec"] = new Dictionary<string, object> { ["source"] = new Dictionary<string, object> { ["git"] = new Dictionary<string, object> { ["ref"] = "main" } } },
        };
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(body, V1Patch.PatchType.MergePatch), WellKnown.Group, WellKnown.Version, cluster.Namespace, CookiecutterTemplate.KubePlural, "by-tag", cancellationToken: Ct);

        var moved = await cluster.WaitForTemplateAsync("by-tag", Ct);
        moved.Metadata.Generation.Should().Be(2);
        moved.Status.ResolvedRevision.Should().Be(second);
        moved.Status.Variables!.Select(v => v.Name).Should().Contain("farewell");
    }
}
