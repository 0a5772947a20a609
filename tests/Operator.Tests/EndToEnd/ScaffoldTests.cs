using System.Text;
using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>Scaffolds rendered by the operator: validation before any Job, waiting for templates, hostile templates, TTL, immutability.</summary>
public sealed class ScaffoldTests(OperatorClusterFixture fixture) : IClassFixture<OperatorClusterFixture>
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

    private async Task<TemplateRepository> ReadyTemplateAsync(string name, Action<TemplateRepository> write, bool hooks = false)
    {
        var cluster = Cluster;
        var repository = cluster.CreateRepository();
        write(repository);
        repository.Commit(name);
        await cluster.CreateAsync(OperatorTestCluster.Template(name, "file://" + repository.Path, hooks: hooks), Ct);
        var template = await cluster.WaitForTemplateAsync(name, Ct);
        template.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());
        return repository;
    }

    private async Task<IReadOnlyList<V1Job>> RenderJobsOfAsync(string scaffold) =>
        (await Cluster.JobsAsync(Ct)).Where(j => j.Metadata.Labels.TryGetValue("dynamo-mcp.io/scaffold", out var owner) && owner == scaffold).ToList();

    [Fact]
    public async Task Invalid_variables_fail_with_every_problem_listed_and_no_job()
    {
        var cluster = Cluster;
        using var repository = await ReadyTemplateAsync("full-v", r => r.WriteFullTemplate());

        await cluster.CreateAsync(OperatorTestCluster.Scaffold("bad-vars", "full-v", new Dictionary<string, object?>
        {
            ["license"] = "GPL-3.0",
            ["use_docker"] = "yes",
            ["projct_name"] = "typo",
        }), Ct);
        var scaffold = await cluster.WaitForScaffoldAsync("bad-vars", Ct);

        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Failed);
        var stalled = scaffold.Status.Conditions.Find(ConditionTypes.Stalled)!;
        stalled.Reason.Should().Be(ConditionReasons.InvalidVariables);
        stalled.Message.Should().Contain("3 problems").And.Contain("license").And.Contain("GPL-3.0").And.Contain("use_docker").And.Contain("projct_name");
        (await RenderJobsOfAsync("bad-vars")).Should().BeEmpty("variables are validated before any Job exists");
    }

    [Fact]
    public async Task A_template_in_another_namespace_is_refused_before_any_job()
    {
        var cluster = Cluster;
        var scaffold = OperatorTestCluster.Scaffold("elsewhere", "shared");
        scaffold.Spec.TemplateRef.Namespace = "platform";

        await cluster.CreateAsync(scaffold, Ct);
        var done = await cluster.WaitForScaffoldAsync("elsewhere", Ct);

        done.Status.Phase.Should().Be(ScaffoldPhase.Failed);
        done.Status.Conditions.Find(ConditionTypes.Stalled)!.Reason.Should().Be(ConditionReasons.InvalidSpec);
        done.Status.Message.Should().Contain("own namespace");
        (await RenderJobsOfAsync("elsewhere")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_scaffold_waits_for_its_template_and_renders_once_it_is_Ready()
    {
        var cluster = Cluster;
        await cluster.CreateAsync(OperatorTestCluster.Scaffold("early", "late-template"), Ct);
        var pending = await OperatorTestCluster.WaitAsync(
            () => cluster.GetScaffoldAsync("early", Ct), s => s?.Status.Phase == ScaffoldPhase.Pending, "the scaffold to be Pending", Ct);
        pending.Status.Conditions.Find(ConditionTypes.Ready)!.Reason.Should().Be(ConditionReasons.TemplateNotFound);
        pending.Status.Conditions.IsTrue(ConditionTypes.Reconciling).Should().BeTrue();

        using var repository = await ReadyTemplateAsync("late-template", r => r.WriteSmallTemplate("", "greeting", "hello"));

        var done = await cluster.WaitForScaffoldAsync("early", Ct);
        done.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, done.Status.Message);
        var file = await new ScaffoldResultReader(cluster.Client).ReadFileAsync(cluster.Namespace, "early", "demo/hello.txt", Ct);
        Encoding.UTF8.GetString(file!).Should().Be("hello\n");
    }

    [Fact]
    public async Task With_hooks_off_a_hostile_hook_never_runs()
    {
        var cluster = Cluster;
        var marker = Path.Combine(cluster.FixtureRoot, "hooks-off-marker");
        using var repository = await ReadyTemplateAsync("hostile-off", r => r.WriteHookTemplate(marker));

        await cluster.CreateAsync(OperatorTestCluster.Scaffold("hostile-off", "hostile-off"), Ct);
        var scaffold = await cluster.WaitForScaffoldAsync("hostile-off", Ct);

        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, scaffold.Status.Message);
        scaffold.Status.Files!.Select(f => f.Path).Should().Equal("demo/.cruft.json", "demo/hello.txt");
        File.Exists(marker).Should().BeFalse("the pre_gen hook must not have run");
    }

    [Fact]
    public async Task With_hooks_on_a_hook_writing_outside_fails_inside_the_sandbox_and_nothing_outside_changes()
    {
        var cluster = Cluster;
        var marker = Path.Combine(cluster.FixtureRoot, "hooks-on-marker");
        using var repository = await ReadyTemplateAsync("hostile-on", r => r.WriteHookTemplate(marker), hooks: true);

        await cluster.CreateAsync(OperatorTestCluster.Scaffold("hostile-on", "hostile-on"), Ct);
        var scaffold = await cluster.WaitForScaffoldAsync("hostile-on", Ct);

        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Failed);
        scaffold.Status.Conditions.Find(ConditionTypes.Stalled)!.Reason.Should().Be(ConditionReasons.RenderFailed);
        scaffold.Status.Message.Should().Contain("HookFailed");
        File.Exists(marker).Should().BeFalse("the fixture folder is bound read-only into the sandbox");
    }

    [Fact]
    public async Task With_hooks_on_a_hook_cannot_open_a_socket_from_the_render_step()
    {
        var cluster = Cluster;
        var api = cluster.Server.BaseUri;
        using var repository = await ReadyTemplateAsync("socket-hook", r => r
            .WriteSmallTemplate("", "greeting", "hi")
            .WriteFile("hooks/post_gen_project.py", $$"""
                import socket
                try:
                    socket.create_connection(("{{api.Host}}", {{api.Port}}), timeout=3).close()
                    outcome = "connected"
                except OSError as error:
                    outcome = "blocked: " + str(error)
                open("network.txt", "w").write(outcome)
                """), hooks: true);

        await cluster.CreateAsync(OperatorTestCluster.Scaffold("socket-hook", "socket-hook"), Ct);
        var scaffold = await cluster.WaitForScaffoldAsync("socket-hook", Ct);

        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, scaffold.Status.Message);
        var outcome = await new ScaffoldResultReader(cluster.Client).ReadFileAsync(cluster.Namespace, "socket-hook", "demo/network.txt", Ct);
        Encoding.UTF8.GetString(outcome!).Should().StartWith("blocked", "the render container has no network");
    }

    [Fact]
    public async Task A_variable_that_would_put_output_outside_the_folder_is_refused()
    {
        var cluster = Cluster;
        using var repository = await ReadyTemplateAsync("escape", r => r.WriteSmallTemplate("", "greeting", "hi"));

        await cluster.CreateAsync(OperatorTestCluster.Scaffold("escape", "escape", new Dictionary<string, object?> { ["project_slug"] = "../../outside" }), Ct);
        var scaffold = await cluster.WaitForScaffoldAsync("escape", Ct);

        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Failed);
        scaffold.Status.Message.Should().Contain("UnsafeOutput").And.Contain("project_slug");
        (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace, labelSelector: "dynamo-mcp.io/scaffold=escape,dynamo-mcp.io/purpose!=render-input", cancellationToken: Ct)).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task An_archive_above_the_cap_fails_with_OutputTooLarge()
    {
        var cluster = Cluster;
        using var repository = await ReadyTemplateAsync("big", r => r.WriteFullTemplate());
        var scaffold = OperatorTestCluster.Scaffold("too-big", "big");
        scaffold.Spec.Output = new ScaffoldOutput { Inline = new InlineOutput { MaxSizeBytes = 100 } };

        await cluster.CreateAsync(scaffold, Ct);
        var done = await cluster.WaitForScaffoldAsync("too-big", Ct);

        done.Status.Phase.Should().Be(ScaffoldPhase.Failed);
        done.Status.Conditions.Find(ConditionTypes.Stalled)!.Reason.Should().Be(ConditionReasons.OutputTooLarge);
    }

    [Fact]
    public async Task A_finished_scaffold_is_not_rendered_again_and_is_deleted_after_its_ttl()
    {
        var cluster = Cluster;
        using var repository = await ReadyTemplateAsync("ttl", r => r.WriteSmallTemplate("", "greeting", "v1"));
        var keep = OperatorTestCluster.Scaffold("keep", "ttl");
        var expire = OperatorTestCluster.Scaffold("expire", "ttl");
        expire.Spec.TtlSecondsAfterFinished = 2;
        await cluster.CreateAsync(keep, Ct);
        await cluster.CreateAsync(expire, Ct);
        var kept = await cluster.WaitForScaffoldAsync("keep", Ct);
        kept.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, kept.Status.Message);

        // A new template revision must not touch a finished Scaffold.
        repository.WriteSmallTemplate("", "greeting", "v2");
        var second = repository.Commit("v2");
        var body = new Dictionary<string, object>
        {
            ["metadata"] = new Dictionary<string, object> { ["annotations"] = new Dictionary<string, string> { [WellKnown.Annotations.RefreshRequestedAt] = "1" } },
        };
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(body, V1Patch.PatchType.MergePatch), WellKnown.Group, WellKnown.Version, cluster.Namespace, CookiecutterTemplate.KubePlural, "ttl", cancellationToken: Ct);
        await OperatorTestCluster.WaitAsync(() => cluster.GetTemplateAsync("ttl", Ct), t => t?.Status.ResolvedRevision == second, "the template to move on", Ct);

        await OperatorTestCluster.WaitAsync(() => cluster.GetScaffoldAsync("expire", Ct), s => s is null, "the expired scaffold to be deleted", Ct);
        var after = (await cluster.GetScaffoldAsync("keep", Ct))!;
        after.Status.Revision.Should().Be(kept.Status.Revision);
        after.Status.CompletionTime.Should().Be(kept.Status.CompletionTime);
        (await RenderJobsOfAsync("keep")).Should().ContainSingle();
        var file = await new ScaffoldResultReader(cluster.Client).ReadFileAsync(cluster.Namespace, "keep", "demo/hello.txt", Ct);
        Encoding.UTF8.GetString(file!).Should().Be("v1\n");
    }
}
