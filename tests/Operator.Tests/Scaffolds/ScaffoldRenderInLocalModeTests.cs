using System.Text;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Operator.Templates;
using DynamoMcp.Operator.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Operator.Tests.Scaffolds;

/// <summary>
/// The sandbox Jobs the builders produce, run by LocalCluster's kubelet in bubblewrap without the controllers: the
/// inspect Job's published choices and the Scaffold's variables reach the render container through the input ConfigMap,
/// mounted read-only, and come back in a verified frame.
/// </summary>
public sealed class ScaffoldRenderInLocalModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Variables_larger_than_one_argument_and_a_templated_choice_render_through_the_input_configmap()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct, startOperator: false);
        using var repository = cluster.CreateRepository()
            .WriteFile("cookiecutter.json", """
                {"project_slug": "demo", "default_license": "Apache-2.0", "license": ["{{cookiecutter.default_license}}", "MIT"], "settings": {"blob": ""}}
                """)
            .WriteFile("{{cookiecutter.project_slug}}/LICENSE", "License: {{cookiecutter.license}}\n")
            .WriteFile("{{cookiecutter.project_slug}}/blob.txt", "{{cookiecutter.settings.blob}}");
        repository.Commit("templated choice");
        var options = OperatorTestCluster.Sandbox();
        var reader = new SandboxLogReader(cluster.Client, NullLogger<SandboxLogReader>.Instance);

        await cluster.CreateAsync(OperatorTestCluster.Template("licensed", "file://" + repository.Path), Ct);
        var template = (await cluster.GetTemplateAsync("licensed", Ct))!;
        var inspect = await RunAsync(cluster, TemplateInspectJobBuilder.Build(template, options, "").Job);
        var inspectResult = await reader.ReadResultAsync(inspect, TemplateInspectJobBuilder.ContainerName, Ct);
        SandboxFailures.Of(SandboxStage.Inspect, inspectResult).Should().BeNull(inspectResult.Error + await cluster.DescribeAsync());
        var inspected = InspectResultParser.TryParse(inspectResult.Payload!, out _)!;
        template.Status = new CookiecutterTemplateStatus
        {
            ResolvedRevision = inspected.Revision,
            Variables = VariableOverrideApplier.Apply(inspected, template.Spec.VariableOverrides).Variables,
        };

        var blob = new string('x', 200 * 1024);
        await cluster.CreateAsync(OperatorTestCluster.Scaffold("licensed-app", "licensed", new Dictionary<string, object?>
        {
            ["license"] = "Apache-2.0",
            ["settings"] = new Dictionary<string, object?> { ["blob"] = blob },
        }), Ct);
        var scaffold = (await cluster.GetScaffoldAsync("licensed-app", Ct))!;
        var input = ScaffoldRenderInputConfigMapBuilder.Build(scaffold, template);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(input, cluster.Namespace, cancellationToken: Ct);
        // The render reads the template's files from the snapshot the inspection handed back, stored as the controller does.
        var maps = TemplateSnapshotConfigMapBuilder.Build(template, inspected.Revision, inspected.Snapshot.Archive, inspected.Snapshot.Sha256, chunkSize: inspected.Snapshot.Archive.Length / 2 + 1);
        foreach (var map in maps)
        {
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(map, cluster.Namespace, cancellationToken: Ct);
        }

        var snapshot = new TemplateSnapshot { Revision = inspected.Revision, Sha256 = inspected.Snapshot.Sha256, Size = inspected.Snapshot.Archive.Length, ConfigMaps = maps.Select(m => m.Name()).ToList() };
        var render = await RunAsync(cluster, ScaffoldRenderJobBuilder.Build(scaffold, template, snapshot, previous: null, options));
        var renderResult = await reader.ReadResultAsync(render, ScaffoldRenderJobBuilder.RenderContainerName, Ct);

        maps.Should().HaveCount(2);
        input.Data[ScaffoldRenderInputConfigMapBuilder.ChoicesKey].Should().Contain("""["Apache-2.0","MIT"]""");
        SandboxFailures.OfRender(renderResult, deliver: null).Should().BeNull(renderResult.Error + await cluster.DescribeAsync());
        var project = RenderResultParser.TryParse(renderResult.Payload!, inspected.Revision, out var error);
        project.Should().NotBeNull(error);
        Encoding.UTF8.GetString(ScaffoldArchive.ReadFile(project!.Archive, "demo/LICENSE")!).Should().Be("License: Apache-2.0\n");
        ScaffoldArchive.ReadFile(project.Archive, "demo/blob.txt")!.Length.Should().Be(blob.Length);
    }

    private static async Task<V1Job> RunAsync(OperatorTestCluster cluster, V1Job job)
    {
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, cluster.Namespace, cancellationToken: Ct);
        return await OperatorTestCluster.WaitAsync(
            async () => (V1Job?)await cluster.Client.BatchV1.ReadNamespacedJobAsync(job.Name(), cluster.Namespace, cancellationToken: Ct),
            j => j is not null && SandboxJobState.Of(j) != SandboxJobPhase.Running,
            $"Job {job.Name()} to finish", Ct);
    }
}
