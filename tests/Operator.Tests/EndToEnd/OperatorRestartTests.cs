using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using k8s;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>A restarted operator finds the children it created (deterministic names) instead of rendering twice.</summary>
public sealed class OperatorRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restarting_the_operator_mid_render_leaves_exactly_one_render_job_and_one_result()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct);
        using var repository = cluster.CreateRepository();
        repository.WriteSmallTemplate("", "greeting", "slow")
            .WriteFile("hooks/pre_gen_project.py", "import time\ntime.sleep(4)\n");
        repository.Commit("slow render");
        await cluster.CreateAsync(OperatorTestCluster.Template("slow", "file://" + repository.Path, hooks: true), Ct);
        (await cluster.WaitForTemplateAsync("slow", Ct)).Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());

        await cluster.CreateAsync(OperatorTestCluster.Scaffold("restart", "slow"), Ct);
        await OperatorTestCluster.WaitAsync(
            async () => (await cluster.JobsAsync(Ct)).Where(IsRender).ToList(), jobs => jobs?.Count == 1, "the render Job to exist", Ct);
        await cluster.StopOperatorAsync();
        var whileDown = await cluster.GetScaffoldAsync("restart", Ct);
        whileDown!.Status.Phase.Should().NotBe(ScaffoldPhase.Succeeded, "the render takes longer than the restart");
        await cluster.StartOperatorAsync(Ct);

        var done = await cluster.WaitForScaffoldAsync("restart", Ct);

        done.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, done.Status.Message + await cluster.DescribeAsync());
        (await cluster.JobsAsync(Ct)).Where(IsRender).Should().ContainSingle();
        var maps = (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace, labelSelector: "dynamo-mcp.io/scaffold=restart,dynamo-mcp.io/purpose!=render-input", cancellationToken: Ct)).Items;
        maps.Select(m => m.Metadata.Name).Should().BeEquivalentTo(done.Status.Artifact!.Names);
        maps.Should().HaveCount(done.Status.Artifact.Chunks!.Value);
    }

    private static bool IsRender(k8s.Models.V1Job job) =>
        job.Metadata.Labels.TryGetValue("dynamo-mcp.io/purpose", out var purpose) && purpose == "render";
}
