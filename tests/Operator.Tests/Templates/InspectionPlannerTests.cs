using System.Globalization;
using DynamoMcp.Api;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Templates;
using DynamoMcp.Operator.Tests.Retries;

namespace DynamoMcp.Operator.Tests.Templates;

public sealed class InspectionPlannerTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static string FirstName(Api.V1Alpha1.CookiecutterTemplate template, string round = "") =>
        TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, round).Job.Metadata.Name;

    private static string Round(DateTime inspected) => inspected.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    [Fact]
    public void A_new_template_starts_attempt_0_with_the_builders_job()
    {
        var template = InspectedTemplates.New();
        var desired = TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, "");

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());

        plan.Kind.Should().Be(InspectionPlanKind.Start);
        plan.Attempt.Should().Be(0);
        plan.Refresh.Should().BeFalse();
        plan.InputHash.Should().Be(desired.InputHash);
        plan.NextRefresh.Should().BeNull();
        plan.Job!.Metadata.Name.Should().Be(desired.Job.Metadata.Name);
        plan.Job.Should().BeEquivalentTo(desired.Job);
    }

    [Fact]
    public void A_template_with_a_null_status_is_planned_as_new()
    {
        var template = InspectedTemplates.New();
        template.Status = null!;

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());

        (plan.Kind, plan.Attempt, plan.Job!.Metadata.Name).Should().Be((InspectionPlanKind.Start, 0, FirstName(InspectedTemplates.New())));
    }

    [Fact]
    public void A_spec_changed_since_the_last_inspection_starts_the_new_specs_job()
    {
        var template = InspectedTemplates.Ready(Now.AddMinutes(-5));
        var oldJob = SandboxJobs.In(TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, "").Job, JobEnd.Complete, Now.AddMinutes(-6), Now.AddMinutes(-5));
        template.Spec.Source.Git!.Ref = "v2";
        template.Metadata.Generation = 2;

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup(oldJob));

        plan.Kind.Should().Be(InspectionPlanKind.Start);
        plan.Refresh.Should().BeFalse("a new spec is inspected under the builder's own name, not a refresh round");
        plan.Attempt.Should().Be(0);
        plan.Job!.Metadata.Name.Should().Be(FirstName(template)).And.NotBe(oldJob.Metadata.Name);
        plan.Job.Spec.Template.Spec.Containers.Single().Args.Should().ContainInConsecutiveOrder("--ref", "v2");
        plan.InputHash.Should().NotBe(template.Status.InspectedSpecHash);
    }

    [Fact]
    public void A_refresh_request_annotation_starts_a_new_inspection()
    {
        var template = InspectedTemplates.Ready(Now.AddMinutes(-5));
        var before = FirstName(template);
        template.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.Annotations.RefreshRequestedAt] = "2026-03-01T11:59:00Z" };

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());

        plan.Kind.Should().Be(InspectionPlanKind.Start);
        plan.Refresh.Should().BeFalse();
        plan.Job!.Metadata.Name.Should().NotBe(before);
    }

    [Theory]
    [InlineData(null, 10, 50 * 60)]
    [InlineData("5m", 2, 3 * 60)]
    [InlineData("1h30m", 30, 60 * 60)]
    [InlineData("0s", 10, 50 * 60)]
    [InlineData("bogus", 10, 50 * 60)]
    public void An_up_to_date_template_stands_until_its_next_refresh(string? interval, int minutesAgo, int nextRefreshSeconds)
    {
        var template = InspectedTemplates.Ready(Now.AddMinutes(-minutesAgo), s => s.RefreshInterval = interval);
        var job = SandboxJobs.In(TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, "").Job, JobEnd.Complete, Now.AddMinutes(-minutesAgo - 1), Now.AddMinutes(-minutesAgo));

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup(job));

        plan.Kind.Should().Be(InspectionPlanKind.UpToDate);
        plan.Job.Should().BeNull();
        plan.Refresh.Should().BeFalse();
        plan.InputHash.Should().Be(template.Status.InspectedSpecHash);
        plan.NextRefresh.Should().Be(TimeSpan.FromSeconds(nextRefreshSeconds));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(180)]
    public void A_suspended_template_stands_without_a_next_refresh_even_when_one_would_be_due(int minutesAgo)
    {
        var template = InspectedTemplates.Ready(Now.AddMinutes(-minutesAgo));
        template.Spec.Suspend = true;

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());

        plan.Kind.Should().Be(InspectionPlanKind.UpToDate);
        plan.NextRefresh.Should().BeNull();
    }

    [Fact]
    public void A_suspended_template_whose_spec_changed_is_still_inspected()
    {
        var template = InspectedTemplates.Ready(Now.AddMinutes(-10));
        template.Spec.Suspend = true;
        template.Spec.Source.Git!.Ref = "v2";
        template.Metadata.Generation = 2;

        InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup()).Kind.Should().Be(InspectionPlanKind.Start);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(61)]
    [InlineData(24 * 60)]
    public void A_due_refresh_starts_a_refresh_under_a_name_derived_from_the_last_inspection(int minutesAgo)
    {
        var inspected = Now.AddMinutes(-minutesAgo);
        var template = InspectedTemplates.Ready(inspected);
        var first = SandboxJobs.In(TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, "").Job, JobEnd.Complete, inspected.AddSeconds(-20), inspected);

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup(first));

        plan.Kind.Should().Be(InspectionPlanKind.Start, "the finished first inspection must not be read again as the refresh");
        plan.Refresh.Should().BeTrue();
        plan.Attempt.Should().Be(0);
        plan.NextRefresh.Should().BeNull();
        plan.InputHash.Should().Be(template.Status.InspectedSpecHash, "a refresh does not change the inputs");
        plan.Job!.Metadata.Name.Should().NotBe(first.Metadata.Name).And.Be(FirstName(template, Round(inspected)));
    }

    [Fact]
    public void Each_refresh_round_gets_its_own_name()
    {
        var one = InspectionPlanner.Plan(InspectedTemplates.Ready(Now.AddHours(-3)), InspectedTemplates.Options, Now, SandboxJobs.Lookup());
        var two = InspectionPlanner.Plan(InspectedTemplates.Ready(Now.AddHours(-2)), InspectedTemplates.Options, Now, SandboxJobs.Lookup());

        one.Job!.Metadata.Name.Should().NotBe(two.Job!.Metadata.Name);
    }

    [Fact]
    public void An_existing_running_attempt_0_is_running()
    {
        var template = InspectedTemplates.New();
        var running = SandboxJobs.In(TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, "").Job, JobEnd.Running, Now.AddSeconds(-10), default);

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup(running));

        plan.Kind.Should().Be(InspectionPlanKind.Running);
        plan.Job.Should().BeSameAs(running, "the cached Job is what the status decisions read");
        (plan.Attempt, plan.Refresh).Should().Be((0, false));
    }

    [Fact]
    public void A_running_refresh_is_found_under_its_round_name()
    {
        var inspected = Now.AddHours(-2);
        var template = InspectedTemplates.Ready(inspected);
        var refresh = SandboxJobs.In(TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, Round(inspected)).Job, JobEnd.Running, Now.AddSeconds(-3), default);

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup(refresh));

        (plan.Kind, plan.Refresh, plan.Attempt).Should().Be((InspectionPlanKind.Running, true, 0));
        plan.Job.Should().BeSameAs(refresh);
    }

    [Theory]
    [InlineData(JobEnd.Running, InspectionPlanKind.Running)]
    [InlineData(JobEnd.Complete, InspectionPlanKind.Finished)]
    [InlineData(JobEnd.Failed, InspectionPlanKind.Finished)]
    [InlineData(JobEnd.DeadlineExceeded, InspectionPlanKind.Finished)]
    public void Of_attempts_0_1_and_2_the_latest_counts_with_its_phase(JobEnd latestEnd, InspectionPlanKind kind)
    {
        var template = InspectedTemplates.New();
        var first = TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, "").Job;
        var jobs = Enumerable.Range(0, 3).Select(attempt =>
        {
            var job = SandboxAttempts.ForAttempt(TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, "").Job, attempt);
            var start = Now.AddMinutes(-3 + attempt);
            return SandboxJobs.In(job, attempt == 2 ? latestEnd : JobEnd.Failed, start, start.AddSeconds(20));
        }).ToArray();

        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup(jobs));

        plan.Kind.Should().Be(kind);
        plan.Attempt.Should().Be(2);
        plan.Job.Should().BeSameAs(jobs[2]);
        plan.Job!.Metadata.Name.Should().Be(SandboxAttempts.Name(first.Metadata.Name, 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(9)]
    public void The_next_attempt_is_the_first_job_under_the_following_attempts_name(int attempt)
    {
        var template = InspectedTemplates.New();
        var first = TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, "").Job;
        var plan = new InspectionPlan(InspectionPlanKind.Finished, SandboxAttempts.ForAttempt(TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, "").Job, attempt),
            attempt, false, "hash", null);

        var next = InspectionPlanner.NextAttempt(template, InspectedTemplates.Options, plan);

        next.Metadata.Name.Should().Be(SandboxAttempts.Name(first.Metadata.Name, attempt + 1)).And.EndWith($"-r{attempt + 1}");
        next.Spec.Should().BeEquivalentTo(first.Spec, "a retry runs the same inspection");
        next.Metadata.Annotations.Where(a => a.Key != SandboxAttempts.AttemptAnnotation).Should().BeEquivalentTo(first.Metadata.Annotations);
        next.Metadata.Annotations[SandboxAttempts.AttemptAnnotation].Should().Be((attempt + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_next_attempt_of_a_refresh_stays_in_its_round()
    {
        var inspected = Now.AddHours(-2);
        var template = InspectedTemplates.Ready(inspected);
        var failed = SandboxJobs.In(TemplateInspectJobBuilder.Build(template, InspectedTemplates.Options, Round(inspected)).Job, JobEnd.Failed, Now.AddSeconds(-30), Now.AddSeconds(-10));
        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup(failed));

        var next = InspectionPlanner.NextAttempt(template, InspectedTemplates.Options, plan);

        (plan.Kind, plan.Refresh).Should().Be((InspectionPlanKind.Finished, true));
        next.Metadata.Name.Should().Be(failed.Metadata.Name + "-r1");
        InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup(failed, SandboxJobs.In(next, JobEnd.Running, Now, default)))
            .Should().Match<InspectionPlan>(p => p.Kind == InspectionPlanKind.Running && p.Attempt == 1 && p.Refresh);
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData("90s", 1.5)]
    [InlineData("0.5h", 30)]
    [InlineData("-5m", 60)]
    [InlineData("", 60)]
    public void The_refresh_interval_is_the_specs_go_duration_or_the_crd_default(string? interval, double minutes)
    {
        InspectionPlanner.RefreshInterval(InspectedTemplates.New(s => s.RefreshInterval = interval)).Should().Be(TimeSpan.FromMinutes(minutes));
    }

    [Fact]
    public void A_job_of_another_template_under_an_unrelated_name_is_ignored()
    {
        var template = InspectedTemplates.New();
        var other = SandboxJobs.In(SandboxJobs.Named("web-inspect-0000000000"), JobEnd.Running, Now, default);

        InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup(other)).Kind.Should().Be(InspectionPlanKind.Start);
    }
}
