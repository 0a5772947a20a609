using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

/// <summary>Queued is not running: a pod waiting for one of the runner's slots is Pending and unscheduled, and its own deadline has not started.</summary>
public sealed class PodSlotTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pod_waiting_for_a_slot_is_pending_and_its_deadline_counts_from_when_it_starts()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token, o => o.MaxParallelPods = 1);
        await cluster.CreateAsync(JobRunnerCluster.Job("holder", JobRunnerCluster.Shell("sleep 120")), Token);
        await JobRunnerCluster.WaitAsync<IList<V1Pod>>(async ct => await cluster.PodsAsync("holder", ct), pods => pods?.SingleOrDefault()?.Status?.Phase == "Running", Token);
        var queued = JobRunnerCluster.Job("queued", JobRunnerCluster.Shell("echo ran"));
        queued.Spec.Template.Spec.ActiveDeadlineSeconds = 2;
        await cluster.CreateAsync(queued, Token);

        var pending = (await JobRunnerCluster.WaitAsync<IList<V1Pod>>(
            async ct => await cluster.PodsAsync("queued", ct),
            pods => pods?.SingleOrDefault()?.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "False") == true,
            Token))!.Single();
        pending.Status.Phase.Should().Be("Pending");
        pending.Status.StartTime.Should().BeNull("the pod has not started");
        var scheduled = pending.Status.Conditions.Single(c => c.Type == "PodScheduled");
        scheduled.Reason.Should().Be("Unschedulable");
        scheduled.Message.Should().Be("waiting for a free sandbox slot: 1 of 1 in use (local mode's --sandbox-slots sets how many)");

        // Queued longer than its own deadline: the deadline must not have been running.
        await Task.Delay(TimeSpan.FromSeconds(2.5), Token);
        await cluster.Client.BatchV1.DeleteNamespacedJobAsync("holder", cluster.Namespace, propagationPolicy: "Background", cancellationToken: Token);

        var done = await cluster.WaitForConditionAsync("queued", "Complete", Token);
        done.Status.Succeeded.Should().Be(1);
        var pod = (await cluster.PodsAsync("queued", Token)).Single();
        pod.Status.Conditions.Single(c => c.Type == "PodScheduled").Status.Should().Be("True");
        (await cluster.LogAsync(pod.Metadata.Name, null, Token)).Should().Be("ran\n");
    }

    [Fact]
    public async Task A_running_pod_past_its_own_deadline_fails_with_deadline_exceeded()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var job = JobRunnerCluster.Job("slow", JobRunnerCluster.Shell("sleep 60"));
        job.Spec.Template.Spec.ActiveDeadlineSeconds = 1;

        await cluster.CreateAsync(job, Token);
        await cluster.WaitForConditionAsync("slow", "Failed", Token);

        var pod = (await cluster.PodsAsync("slow", Token)).Single();
        pod.Status.Phase.Should().Be("Failed");
        pod.Status.Reason.Should().Be("DeadlineExceeded");
        pod.Status.Message.Should().Be("Pod was active on the node longer than the specified deadline");
    }
}
