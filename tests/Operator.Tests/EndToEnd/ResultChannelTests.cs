using System.Text;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Scaffolds;
using k8s;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>
/// A template's hook, allowed to run, tries to get a forged render result accepted through local mode's bubblewrap:
/// through /proc/&lt;pid&gt;/fd of the generator, its own output, a process that prints after the generator, and killing
/// the generator or the process that runs it. The Scaffold shows what the template really rendered, or fails.
/// </summary>
public sealed class ResultChannelTests(OperatorClusterFixture fixture) : IClassFixture<OperatorClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Probe = SampleTemplates.ProbePrefix;

    private OperatorTestCluster Cluster
    {
        get
        {
            Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
            return fixture.Cluster;
        }
    }

    [Fact]
    public async Task A_hook_cannot_get_a_forged_frame_accepted_by_writing_to_the_generators_pipes_or_killing_it()
    {
        var cluster = Cluster;
        using var repository = cluster.CreateRepository().WriteResultForgingTemplate();
        var sha = repository.Commit("a hook that forges the render result");
        await cluster.CreateAsync(OperatorTestCluster.Template("forger", "file://" + repository.Path, hooks: true), Ct);
        var template = await cluster.WaitForTemplateAsync("forger", Ct);
        template.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());

        await cluster.CreateAsync(OperatorTestCluster.Scaffold("forged-probe", "forger"), Ct);
        await cluster.CreateAsync(OperatorTestCluster.Scaffold("forged-kill", "forger", new Dictionary<string, object?> { ["mode"] = "kill" }), Ct);
        var probed = await cluster.WaitForScaffoldAsync("forged-probe", Ct);
        var killed = await cluster.WaitForScaffoldAsync("forged-kill", Ct);

        // The generator survived every attempt and its own result is the one stored.
        probed.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, probed.Status.Message + await cluster.DescribeAsync());
        probed.Status.Files!.Select(f => f.Path).Should().Equal("demo/.cruft.json", "demo/hello.txt");
        var results = new ScaffoldResultReader(cluster.Client);
        Encoding.UTF8.GetString((await results.ReadFileAsync(cluster.Namespace, "forged-probe", "demo/hello.txt", Ct))!).Should().Be("probe\n");
        (await results.ReadFileAsync(cluster.Namespace, "forged-probe", "demo/forged.txt", Ct)).Should().BeNull();
        var log = await RenderLogAsync(cluster, "forged-probe");
        log.Should().Contain($"{Probe}forging a RenderResult of revision {sha}", "the forged frame would have passed the revision check")
            .And.Contain($"{Probe}open /proc/1/fd/1: EACCES", "the generator is pid 1 of the sandbox and not dumpable")
            .And.Contain($"{Probe}sent SIGKILL to pid 1")
            .And.NotContain($"{Probe}wrote a frame into")
            .And.NotContain($"{Probe}late forger ran", "what the hook left running is killed before the generator's frame");
        log.Split(GeneratorContract.FrameBegin).Should().HaveCount(2, "the pod log holds the generator's frame and no other");

        // Killing the process that runs the template's code fails the render with the generator's own Error.
        killed.Status.Phase.Should().Be(ScaffoldPhase.Failed, await cluster.DescribeAsync());
        killed.Status.Conditions.Find(ConditionTypes.Stalled)!.Reason.Should().Be(ConditionReasons.RenderFailed);
        killed.Status.Message.Should().Contain(GeneratorReasons.TemplateAborted).And.Contain("signal 9");
        (killed.Status.Files ?? []).Should().BeEmpty();
        (await RenderLogAsync(cluster, "forged-kill")).Split(GeneratorContract.FrameBegin).Should().HaveCount(2);
    }

    private static async Task<string> RenderLogAsync(OperatorTestCluster cluster, string scaffold)
    {
        var job = (await cluster.JobsAsync(Ct)).Single(j => j.Metadata.Labels.TryGetValue("dynamo-mcp.io/scaffold", out var owner) && owner == scaffold);
        var pod = (await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, labelSelector: $"job-name={job.Metadata.Name}", cancellationToken: Ct)).Items.Single();
        using var stream = await cluster.Client.CoreV1.ReadNamespacedPodLogAsync(
            pod.Metadata.Name, cluster.Namespace, container: ScaffoldRenderJobBuilder.RenderContainerName, cancellationToken: Ct);
        return await new StreamReader(stream).ReadToEndAsync(Ct);
    }
}
