using DynamoMcp.LocalCluster.Jobs;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

public sealed class JobStatusCalculatorTests
{
    private static readonly DateTime Now = new(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void More_failures_than_the_backoff_limit_fail_the_job()
    {
        var spec = new V1JobSpec { BackoffLimit = 2 };

        JobStatusCalculator.Evaluate(spec, new JobPodCounts(0, 0, 0, 2), Now, Now).Should().Be(new JobEvaluation(JobOutcome.Running, null, null, 1));
        var failed = JobStatusCalculator.Evaluate(spec, new JobPodCounts(0, 0, 0, 3), Now, Now);
        failed.Outcome.Should().Be(JobOutcome.Failed);
        failed.Reason.Should().Be("BackoffLimitExceeded");
    }

    [Fact]
    public void The_default_backoff_limit_is_six() =>
        JobStatusCalculator.Evaluate(new V1JobSpec(), new JobPodCounts(0, 0, 0, 6), Now, Now).Outcome.Should().Be(JobOutcome.Running);

    [Fact]
    public void Passing_the_active_deadline_fails_the_job()
    {
        var spec = new V1JobSpec { ActiveDeadlineSeconds = 2 };

        JobStatusCalculator.Evaluate(spec, new JobPodCounts(1, 1, 0, 0), Now.AddSeconds(-1), Now).Outcome.Should().Be(JobOutcome.Running);
        JobStatusCalculator.Evaluate(spec, new JobPodCounts(1, 1, 0, 0), Now.AddSeconds(-2), Now).Reason.Should().Be("DeadlineExceeded");
    }

    [Fact]
    public void Completions_and_parallelism_decide_how_many_pods_to_add()
    {
        var spec = new V1JobSpec { Completions = 5, Parallelism = 2 };

        JobStatusCalculator.Evaluate(spec, new JobPodCounts(0, 0, 0, 0), Now, Now).PodsToCreate.Should().Be(2);
        JobStatusCalculator.Evaluate(spec, new JobPodCounts(2, 2, 3, 0), Now, Now).PodsToCreate.Should().Be(0);
        JobStatusCalculator.Evaluate(spec, new JobPodCounts(0, 0, 4, 0), Now, Now).PodsToCreate.Should().Be(1);
        JobStatusCalculator.Evaluate(spec, new JobPodCounts(0, 0, 5, 0), Now, Now).Outcome.Should().Be(JobOutcome.Complete);
    }

    [Fact]
    public void A_suspended_job_wants_no_pods() =>
        JobStatusCalculator.Evaluate(new V1JobSpec { Suspend = true }, new JobPodCounts(0, 0, 0, 0), null, Now)
            .Should().Be(new JobEvaluation(JobOutcome.Suspended, "JobSuspended", "Job suspended", 0));

    [Fact]
    public void Failure_shows_FailureTarget_at_once_and_Failed_once_no_pod_is_active()
    {
        var evaluation = new JobEvaluation(JobOutcome.Failed, "DeadlineExceeded", "Job was active longer than specified deadline", 0);

        var terminating = JobStatusCalculator.BuildStatus(null, new JobPodCounts(1, 1, 0, 0), evaluation, Now.AddSeconds(-5), Now);
        terminating.Conditions.Select(c => c.Type).Should().Equal("FailureTarget");

        var done = JobStatusCalculator.BuildStatus(terminating, new JobPodCounts(0, 0, 0, 1), evaluation, Now.AddSeconds(-5), Now.AddSeconds(1));
        done.Conditions.Select(c => (c.Type, c.Status, c.Reason)).Should().Equal(("FailureTarget", "True", "DeadlineExceeded"), ("Failed", "True", "DeadlineExceeded"));
        done.Conditions[0].LastTransitionTime.Should().Be(Now, "an unchanged condition keeps its transition time");
        done.CompletionTime.Should().BeNull();
        done.Failed.Should().Be(1);
        done.Active.Should().Be(0);
        done.StartTime.Should().Be(Now.AddSeconds(-5));
    }

    [Fact]
    public void Success_sets_SuccessCriteriaMet_Complete_and_completion_time()
    {
        var evaluation = JobStatusCalculator.Evaluate(new V1JobSpec(), new JobPodCounts(0, 0, 1, 0), Now, Now);

        var status = JobStatusCalculator.BuildStatus(null, new JobPodCounts(0, 0, 1, 0), evaluation, Now, Now);

        status.Conditions.Select(c => c.Type).Should().Equal("SuccessCriteriaMet", "Complete");
        status.Conditions.Should().OnlyContain(c => c.Status == "True" && c.Reason == "CompletionsReached");
        status.CompletionTime.Should().Be(Now);
        status.Succeeded.Should().Be(1);
        JobStatusCalculator.IsFinished(new V1Job { Status = status }).Should().BeTrue();
    }

    [Fact]
    public void Resuming_flips_the_Suspended_condition_to_false()
    {
        var suspended = JobStatusCalculator.BuildStatus(null, new JobPodCounts(0, 0, 0, 0), new JobEvaluation(JobOutcome.Suspended, "JobSuspended", "Job suspended", 0), null, Now);
        var resumed = JobStatusCalculator.BuildStatus(suspended, new JobPodCounts(0, 0, 0, 0), new JobEvaluation(JobOutcome.Running, null, null, 1), Now, Now);

        suspended.Conditions.Should().ContainSingle(c => c.Type == "Suspended" && c.Status == "True");
        resumed.Conditions.Should().ContainSingle(c => c.Type == "Suspended" && c.Status == "False" && c.Reason == "JobResumed");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(10, 360)]
    public void Retry_delay_doubles_up_to_the_cap(int failed, int seconds) =>
        JobStatusCalculator.RetryDelay(failed, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(6)).Should().Be(TimeSpan.FromSeconds(seconds));
}
