using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Client;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>WorkflowRuns through the real operator and LocalCluster: container steps as sandboxed Jobs, fan-out over outputs, restarts, cancel.</summary>
public sealed class WorkflowRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WorkflowStep Python(string name, string script, params string[] dependsOn) => new()
    {
        Name = name,
        DependsOn = dependsOn.Length == 0 ? null : dependsOn,
        Retries = 1,
        Container = new ContainerAction { Image = "python:3.12-slim", Command = ["python3", "-c", script] },
    };

    private static async Task<WorkflowRun> RunAsync(
        OperatorTestCluster cluster, string workflow, string name, WorkflowStep[] steps, IDictionary<string, string>? outputs = null, int? ttlSeconds = null)
    {
        await new ResourceClient<Workflow>(cluster.Client).CreateAsync(new Workflow
        {
            Metadata = new V1ObjectMeta { Name = workflow, NamespaceProperty = cluster.Namespace },
            Spec = new WorkflowSpec { Steps = steps, Outputs = outputs, TtlSecondsAfterFinished = ttlSeconds },
        }, Ct);
        return await new ResourceClient<WorkflowRun>(cluster.Client).CreateAsync(new WorkflowRun
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = cluster.Namespace },
            Spec = new WorkflowRunSpec { WorkflowRef = new WorkflowReference { Name = workflow } },
        }, Ct);
    }

    private static Task<WorkflowRun?> GetAsync(OperatorTestCluster cluster, string name) =>
        new ResourceClient<WorkflowRun>(cluster.Client).GetAsync(new ObjectKey(cluster.Namespace, name), Ct);

    private static async Task<List<string>?> JobNamesAsync(OperatorTestCluster cluster) =>
        [.. (await cluster.JobsAsync(Ct)).Select(j => j.Metadata.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_run_survives_operator_restarts_between_and_during_steps_without_a_duplicate_child()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct);
        const string sleepy = "import json, time; time.sleep(3); print(json.dumps({'items': [1, 2, 3]}))";
        var fan = Python("double", "import json, sys; print(json.dumps({'n': int(sys.argv[1]) * 2}))", "b");
        fan.ForEach = "${{ steps.a.outputs.items }}";
        fan.Container!.Args = ["${{ item }}"];
        await RunAsync(cluster, "restartable", "restartable-1", [Python("a", sleepy), Python("b", sleepy, "a"), fan],
            new Dictionary<string, string> { ["doubled"] = "${{ steps.double.outputs.items.map(i, i.n) }}" });

        // Between steps: the operator is down while a finishes, and b is started only after the restart.
        await OperatorTestCluster.WaitAsync(() => JobNamesAsync(cluster), jobs => jobs?.Contains("restartable-1-a-1") == true, "step a's Job", Ct);
        await cluster.StopOperatorAsync();
        await OperatorTestCluster.WaitAsync(
            async () => (await cluster.JobsAsync(Ct)).FirstOrDefault(j => j.Metadata.Name == "restartable-1-a-1"),
            job => job?.Status?.Succeeded == 1, "step a to finish while the operator is down", Ct);
        await cluster.StartOperatorAsync(Ct);

        // During a step: b runs while the operator is down and finishes before it is back.
        await OperatorTestCluster.WaitAsync(() => JobNamesAsync(cluster), jobs => jobs?.Contains("restartable-1-b-1") == true, "step b's Job", Ct);
        await cluster.StopOperatorAsync();
        await cluster.StartOperatorAsync(Ct);

        var done = await OperatorTestCluster.WaitAsync(() => GetAsync(cluster, "restartable-1"), r => r?.Status?.Phase is WorkflowRunPhase.Succeeded or WorkflowRunPhase.Failed, "the run to finish", Ct);

        done.Status.Phase.Should().Be(WorkflowRunPhase.Succeeded, done.Status.Message + await cluster.DescribeAsync());
        (await JobNamesAsync(cluster))!.Should().Equal("restartable-1-a-1", "restartable-1-b-1", "restartable-1-double-0-1", "restartable-1-double-1-1", "restartable-1-double-2-1");
        done.Status.Progress.Should().Be("3/3");
        done.Status.Steps!.Select(s => s.Attempts).Should().Equal(1, 1, 1);
        FreeFormJson(done.Status.Outputs!["doubled"]).Should().Be("[2,4,6]");
        done.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue();
    }

    [Fact]
    public async Task A_cancelled_run_stops_every_child_starts_nothing_and_ends_Failed_Cancelled()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct);
        var wait = Python("wait", "import time; time.sleep(120)");
        wait.ForEach = "${{ [1, 2, 3] }}";
        var tidy = Python("tidy", "print('{}')");
        tidy.Finally = true;
        await RunAsync(cluster, "cancellable", "cancellable-1", [wait, Python("after", "print('{}')", "wait"), tidy]);
        await OperatorTestCluster.WaitAsync(
            async () => (await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, cancellationToken: Ct)).Items.Count(p => p.Status?.Phase == "Running"),
            running => running == 3, "the three items to run", Ct);

        await new ResourceClient<WorkflowRun>(cluster.Client).PatchAsync(new ObjectKey(cluster.Namespace, "cancellable-1"),
            new V1Patch("""{"spec":{"cancel":true}}""", V1Patch.PatchType.MergePatch), Ct);
        var wait2 = await cluster.KubectlAsync(Ct, "wait", "--for=condition=Stalled", "wfr/cancellable-1", "--timeout=60s");

        wait2.ExitCode.Should().Be(0, wait2.ToString() + await cluster.DescribeAsync());
        var run = (await GetAsync(cluster, "cancellable-1"))!;
        (run.Status.Phase, run.Status.Conditions.Find(ConditionTypes.Stalled)!.Reason).Should().Be((WorkflowRunPhase.Failed, ConditionReasons.Cancelled));
        run.Status.Steps!.Select(s => s.Phase).Should().Equal(WorkflowStepPhase.Failed, WorkflowStepPhase.Skipped, WorkflowStepPhase.Skipped);
        run.Status.StoppedChildren!.Select(s => s.Name).Should().BeEquivalentTo(["cancellable-1-wait-0-1", "cancellable-1-wait-1-1", "cancellable-1-wait-2-1"]);
        await OperatorTestCluster.WaitAsync(
            async () => (await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, cancellationToken: Ct)).Items.Count,
            pods => pods == 0, "every pod of the run to be gone", Ct);
        (await JobNamesAsync(cluster))!.Should().BeEmpty("stopped children are deleted after the stop is recorded, and nothing new starts");
    }

    [Fact]
    public async Task A_failing_container_step_is_retried_once_and_its_message_has_the_exit_code_and_last_output()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct);
        var broken = Python("lint", "import sys; print('checking 12 files'); print('E501 line too long', file=sys.stderr); sys.exit(3)");
        await RunAsync(cluster, "failing", "failing-1", [broken, Python("after", "print('{}')", "lint")]);

        var wait = await cluster.KubectlAsync(Ct, "wait", "--for=condition=Stalled", "wfr/failing-1", "--timeout=120s");

        wait.ExitCode.Should().Be(0, wait.ToString() + await cluster.DescribeAsync());
        var run = (await GetAsync(cluster, "failing-1"))!;
        run.Status.Phase.Should().Be(WorkflowRunPhase.Failed);
        run.Status.Conditions.Find(ConditionTypes.Stalled)!.Reason.Should().Be(ConditionReasons.StepFailed);
        var lint = run.Status.Steps!.Single(s => s.Name == "lint");
        (lint.Phase, lint.Attempts).Should().Be((WorkflowStepPhase.Failed, 2), "retries: 1 gives a second attempt");
        lint.Message.Should().Contain("exit code 3").And.Contain("E501 line too long").And.Contain("checking 12 files");
        run.Status.Message.Should().Contain("lint").And.Contain("exit code 3");
        run.Status.Steps!.Single(s => s.Name == "after").Phase.Should().Be(WorkflowStepPhase.Skipped);
        (await JobNamesAsync(cluster))!.Should().Equal("failing-1-lint-1", "failing-1-lint-2");
    }

    [Fact]
    public async Task Outputs_larger_than_status_keeps_inline_go_to_owned_configmaps_for_the_step_and_the_run()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct);
        await RunAsync(cluster, "large", "large-1", [Python("report", "import json; print(json.dumps({'blob': 'x' * 6000, 'n': 1}))")],
            new Dictionary<string, string> { ["blob"] = "${{ steps.report.outputs.blob }}", ["n"] = "${{ steps.report.outputs.n }}" });

        var done = await OperatorTestCluster.WaitAsync(() => GetAsync(cluster, "large-1"), r => r?.Status?.Phase is WorkflowRunPhase.Succeeded or WorkflowRunPhase.Failed, "the run to finish", Ct);

        done.Status.Phase.Should().Be(WorkflowRunPhase.Succeeded, done.Status.Message);
        var step = done.Status.Steps!.Single();
        step.Outputs.Should().BeNull("6 KB is more than status keeps inline");
        done.Status.Outputs.Should().BeNull();
        done.Status.OutputsConfigMap.Should().Be("large-1-outputs");
        foreach (var name in new[] { step.OutputsConfigMap!, done.Status.OutputsConfigMap! })
        {
            var map = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync(name, cluster.Namespace, cancellationToken: Ct);
            map.Metadata.OwnerReferences.Single().Uid.Should().Be(done.Metadata.Uid);
            var outputs = System.Text.Json.JsonDocument.Parse(map.Data[DynamoMcp.Api.Workflows.WorkflowOutputsConfigMap.Key]).RootElement;
            (outputs.GetProperty("blob").GetString()!.Length, outputs.GetProperty("n").GetInt32()).Should().Be((6000, 1), name);
        }
    }

    [Fact]
    public async Task A_finished_run_is_deleted_with_its_children_once_its_ttl_has_passed()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct);
        var watcher = await RunAsync(cluster, "short-lived", "short-lived-1", [Python("only", "print('{}')")], ttlSeconds: 5);

        var done = await OperatorTestCluster.WaitAsync(() => GetAsync(cluster, "short-lived-1"), r => r is null || r.Status?.Phase == WorkflowRunPhase.Succeeded, "the run to succeed", Ct);
        done.Should().NotBeNull("the run is kept for its TTL after it finished");
        (await JobNamesAsync(cluster))!.Should().Equal("short-lived-1-only-1");

        await OperatorTestCluster.WaitAsync(async () => (await GetAsync(cluster, "short-lived-1")) is null ? "gone" : null, g => g is not null, "the run to be deleted after its TTL", Ct);
        await OperatorTestCluster.WaitAsync(
            async () => (await JobNamesAsync(cluster))!.Count + (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace, cancellationToken: Ct)).Items
                .Count(m => m.Metadata.OwnerReferences?.Any(o => o.Uid == watcher.Metadata.Uid) == true),
            left => left == 0, "the run's Job and ConfigMaps to be garbage-collected", Ct);
    }

    private static string FreeFormJson(object? value) => DynamoMcp.Api.Serialization.FreeForm.ToJsonNode(value)!.ToJsonString();
}
