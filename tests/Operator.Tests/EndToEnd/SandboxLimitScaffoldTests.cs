using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Generator.Tests.Templates;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.EndToEnd;

/// <summary>
/// Hostile templates through local mode's whole path (operator, render Jobs, bubblewrap) on a runner with two sandbox
/// slots: a hook over its memory limit ends with a message naming the limit while the host never sees more than it,
/// and hanging renders holding both slots make a third Scaffold wait, reported, without eating its timeout.
/// </summary>
public sealed class SandboxLimitScaffoldTests
{
    private const long Mi = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hook_over_the_memory_limit_fails_the_scaffold_naming_the_limit_and_queued_scaffolds_wait_without_losing_their_timeout()
    {
        Assert.SkipWhen(OperatorTestCluster.MissingPrerequisite() is not null, OperatorTestCluster.MissingPrerequisite() ?? "");
        await using var cluster = await OperatorTestCluster.StartAsync(Ct, maxParallelPods: 2);
        var marker = "dynamo-hog-" + Guid.NewGuid().ToString("N")[..10];

        // The hook re-executes itself with the marker in its command line, so the host-side sampler can find it.
        using var hog = cluster.CreateRepository().WriteSmallTemplate("", "greeting", "hi").WriteFile(
            "hooks/post_gen_project.py",
            "import os, sys\n" +
            // 8 MiB every 50 ms: slow enough that the host sampler sees it grow before the kernel kills it.
            $"code = \"chunks = []\\nfor i in range(128):\\n    chunks.append(b'\\\\x01' * (8 << 20))\\n    print('holding', (i + 1) * 8, 'MiB', flush=True)\\n    __import__('time').sleep(0.05)\\n\"\n" +
            $"os.execv(sys.executable, [sys.executable, '-c', code, '{marker}'])\n");
        hog.Commit("memory hog");
        var hogTemplate = OperatorTestCluster.Template("hog", "file://" + hog.Path, hooks: true);
        hogTemplate.Spec.Sandbox = new SandboxSettings
        {
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("128Mi") } },
        };
        using var hang = cluster.CreateRepository().WriteSmallTemplate("", "greeting", "hi").WriteFile("hooks/pre_gen_project.py", "import time\ntime.sleep(600)\n");
        hang.Commit("hangs");
        using var plain = cluster.CreateRepository().WriteSmallTemplate("", "greeting", "hi");
        plain.Commit("plain");
        await cluster.CreateAsync(hogTemplate, Ct);
        await cluster.CreateAsync(OperatorTestCluster.Template("hang", "file://" + hang.Path, hooks: true), Ct);
        await cluster.CreateAsync(OperatorTestCluster.Template("plain", "file://" + plain.Path), Ct);
        foreach (var name in new[] { "hog", "hang", "plain" })
        {
            (await cluster.WaitForTemplateAsync(name, Ct)).Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue(await cluster.DescribeAsync());
        }

        // Memory: the hook is killed at its limit, and the Scaffold says which limit and where to raise it.
        await using (var sampler = new HostProcessSampler(marker))
        {
            await cluster.CreateAsync(OperatorTestCluster.Scaffold("hog-1", "hog"), Ct);
            var failed = await cluster.WaitForScaffoldAsync("hog-1", Ct);
            await sampler.StopAsync();

            failed.Status.Phase.Should().Be(ScaffoldPhase.Failed, await cluster.DescribeAsync());
            failed.Status.Message.Should().Contain("ran out of memory").And.Contain("128Mi").And.Contain("spec.sandbox.resources.limits.memory");
            sampler.PeakResidentBytes.Should().BeGreaterThan(32 * Mi, "the hook did allocate").And.BeLessThanOrEqualTo(128 * Mi, "the kernel held it to the pod's limit");
        }

        // Starvation: two hanging renders hold both slots; a third Scaffold waits, says so, and keeps its whole timeout.
        await cluster.CreateAsync(OperatorTestCluster.Scaffold("hang-1", "hang"), Ct);
        await cluster.CreateAsync(OperatorTestCluster.Scaffold("hang-2", "hang"), Ct);
        await OperatorTestCluster.WaitAsync(
            async () => (await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, cancellationToken: Ct)).Items
                .Where(p => p.Metadata.Name.StartsWith("hang-", StringComparison.Ordinal) && p.Status?.Phase == "Running").ToList(),
            pods => pods?.Count == 2,
            "both hanging renders to run",
            Ct);
        var queued = OperatorTestCluster.Scaffold("queued", "plain");
        queued.Spec.TimeoutSeconds = 5;
        await cluster.CreateAsync(queued, Ct);
        var waiting = await OperatorTestCluster.WaitAsync(
            () => cluster.GetScaffoldAsync("queued", Ct),
            s => s?.Status?.Conditions.Find(ConditionTypes.Ready)?.Message?.Contains("waiting for a free sandbox slot", StringComparison.Ordinal) == true,
            "the queued Scaffold to report its wait",
            Ct);
        waiting.Status.Conditions.Find(ConditionTypes.Ready)!.Message.Should().Contain("Waiting to render").And.Contain("2 of 2 in use").And.Contain("the timeout starts when it runs");

        // Queued longer than its own 5 s timeout, then the slots free up.
        await Task.Delay(TimeSpan.FromSeconds(6), Ct);
        foreach (var name in new[] { "hang-1", "hang-2" })
        {
            await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                Api.WellKnown.Group, Api.WellKnown.Version, cluster.Namespace, Scaffold.KubePlural, name, propagationPolicy: "Background", cancellationToken: Ct);
        }

        var rendered = await cluster.WaitForScaffoldAsync("queued", Ct);
        rendered.Status.Phase.Should().Be(ScaffoldPhase.Succeeded, await cluster.DescribeAsync());
    }
}
