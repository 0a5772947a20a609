using System.Text.Json.Nodes;
using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Templates;
using DynamoMcp.Operator.Tests.Retries;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;

namespace DynamoMcp.Operator.Tests.Templates;

public sealed class TemplateStatusDecisionsTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string Revision = InspectedTemplates.Revision;
    private const string Unreachable = "could not read https://github.com/acme/templates.git: connection refused; check the URL and that the host is reachable from the sandbox.";

    /// <summary>The plan the controller has once the inspect Job of <paramref name="template"/> (in <paramref name="end"/>, ended at <paramref name="ended"/>) is in the cache.</summary>
    private static (InspectionPlan Plan, V1Job Job) FinishedInspection(CookiecutterTemplate template, JobEnd end, DateTime ended, int attempt = 0)
    {
        var start = InspectionPlanner.Plan(template, InspectedTemplates.Options, ended, SandboxJobs.Lookup());
        start.Kind.Should().Be(InspectionPlanKind.Start);
        var jobs = Enumerable.Range(0, attempt + 1)
            .Select(a => SandboxJobs.In(
                a == 0 ? start.Job! : InspectionPlanner.NextAttempt(template, InspectedTemplates.Options, start with { Attempt = a - 1 }),
                a == attempt ? end : JobEnd.Failed, ended.AddSeconds(-20 * (attempt - a + 1)), ended.AddSeconds(-20 * (attempt - a))))
            .ToArray();
        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, ended, SandboxJobs.Lookup(jobs));
        plan.Kind.Should().Be(end == JobEnd.Running ? InspectionPlanKind.Running : InspectionPlanKind.Finished);
        plan.Attempt.Should().Be(attempt);
        return (plan, plan.Job!);
    }

    private static InspectionDecision Finished(CookiecutterTemplate template, InspectionPlan plan, V1Job job, SandboxResult? read, DateTime now) =>
        InspectedTemplates.FinishAndAdopt(template, plan, job, SandboxJobState.Of(job), read, now);

    private static void ShouldNotHaveRecordedTheInputs(CookiecutterTemplateStatus status, CookiecutterTemplateStatus before)
    {
        status.InspectedSpecHash.Should().Be(before.InspectedSpecHash, "a transient failure leaves the inputs to inspect again");
        status.LastInspected.Should().Be(before.LastInspected);
        status.LastHandledRefreshAt.Should().Be(before.LastHandledRefreshAt);
        status.ResolvedRevision.Should().Be(before.ResolvedRevision);
    }

    private static CookiecutterTemplateStatus Copy(CookiecutterTemplateStatus status) => new()
    {
        InspectedSpecHash = status.InspectedSpecHash,
        LastInspected = status.LastInspected,
        LastHandledRefreshAt = status.LastHandledRefreshAt,
        ResolvedRevision = status.ResolvedRevision,
    };

    // ---- Standing -------------------------------------------------------------------------------------------------

    [Fact]
    public void Standing_keeps_a_Ready_template_Ready_until_its_next_refresh()
    {
        var template = InspectedTemplates.Ready(Now.AddMinutes(-10));
        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());

        var outcome = TemplateStatusDecisions.Standing(template, plan.NextRefresh);

        outcome.Kind.Should().Be(StepOutcomeKind.Ready);
        outcome.Reason.Should().Be(ConditionReasons.Succeeded);
        outcome.Message.Should().Be($"Inspected revision {Revision}: 2 variables; snapshot of 2 files stored ({template.Status.Snapshots![0].Size} bytes in 1 ConfigMap(s)).");
        outcome.RequeueAfter.Should().Be(TimeSpan.FromMinutes(50));
        TemplateStatusDecisions.Standing(template, null).RequeueAfter.Should().BeNull("a suspended template has no refresh to wake up for");
    }

    [Fact]
    public void Standing_keeps_a_Stalled_template_Stalled_with_its_reason_and_wakes_it_for_its_refresh()
    {
        var template = InspectedTemplates.New();
        InspectedTemplates.Summarize(template, StepOutcome.Stalled(ConditionReasons.InvalidTemplate, "cookiecutter.json is not valid JSON."), Now.AddMinutes(-10));

        var outcome = TemplateStatusDecisions.Standing(template, TimeSpan.FromMinutes(50));

        outcome.Should().Be(StepOutcome.Stalled(ConditionReasons.InvalidTemplate, "cookiecutter.json is not valid JSON.", TimeSpan.FromMinutes(50)));
        TemplateStatusDecisions.Standing(template, null).RequeueAfter.Should().BeNull("a suspended template is not refreshed");
    }

    [Fact]
    public void Standing_without_any_Ready_condition_is_Stalled_InspectFailed()
    {
        var outcome = TemplateStatusDecisions.Standing(InspectedTemplates.New(), null);

        outcome.Kind.Should().Be(StepOutcomeKind.Stalled);
        outcome.Reason.Should().Be(ConditionReasons.InspectFailed);
        outcome.Message.Should().Contain("change the spec or request a refresh");
    }

    /// <summary>
    /// The planner refreshes a Stalled template once its interval has passed (GeneratorReasons: for RevisionNotFound "a
    /// template's periodic refresh looks again"), so both the stalled verdict and Standing wake the template for it.
    /// </summary>
    [Fact]
    public void A_Stalled_template_is_woken_for_its_periodic_refresh()
    {
        var template = InspectedTemplates.New();
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, Now.AddSeconds(-1));
        var stalled = Finished(template, plan, job, GeneratorPayloads.Error(GeneratorReasons.RevisionNotFound, "main is no branch or tag of the repository."), Now);
        InspectedTemplates.Summarize(template, stalled.Outcome, Now);
        var standing = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now.AddMinutes(10), SandboxJobs.Lookup(job));

        InspectionPlanner.Plan(template, InspectedTemplates.Options, Now.AddHours(1), SandboxJobs.Lookup(job))
            .Should().Match<InspectionPlan>(p => p.Kind == InspectionPlanKind.Start && p.Refresh, "the planner refreshes a Stalled template once it is reconciled");
        standing.NextRefresh.Should().Be(TimeSpan.FromMinutes(50));
        stalled.Outcome.RequeueAfter.Should().Be(TimeSpan.FromHours(1), "the refresh is due in one refresh interval");
        TemplateStatusDecisions.Standing(template, standing.NextRefresh).RequeueAfter.Should().Be(TimeSpan.FromMinutes(50));
    }

    // ---- Inspecting -----------------------------------------------------------------------------------------------

    [Fact]
    public void A_first_inspection_is_Waiting_Inspecting_naming_its_job()
    {
        var template = InspectedTemplates.New();
        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());

        var outcome = TemplateStatusDecisions.Inspecting(template, plan with { Kind = InspectionPlanKind.Running });

        outcome.Should().Be(StepOutcome.Waiting(ConditionReasons.Inspecting, $"Inspecting the template in sandbox Job {plan.Job!.Metadata.Name}.", SandboxPodWaits.RecheckInterval));
    }

    [Fact]
    public void A_refresh_of_a_Ready_template_keeps_it_Ready_on_its_last_revision()
    {
        var template = InspectedTemplates.Ready(Now.AddHours(-2));
        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());
        plan.Refresh.Should().BeTrue();

        var outcome = TemplateStatusDecisions.Inspecting(template, plan with { Kind = InspectionPlanKind.Running });

        outcome.Should().Be(StepOutcome.Ready(ConditionReasons.Succeeded, $"Inspected revision {Revision}: 2 variables; snapshot of 2 files stored ({template.Status.Snapshots![0].Size} bytes in 1 ConfigMap(s))."));
    }

    [Fact]
    public void A_refresh_of_a_Stalled_template_is_Waiting_Inspecting()
    {
        var template = InspectedTemplates.Ready(Now.AddHours(-2));
        InspectedTemplates.Summarize(template, StepOutcome.Stalled(ConditionReasons.RevisionNotFound, "no branch main."), Now.AddHours(-2));
        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());

        TemplateStatusDecisions.Inspecting(template, plan with { Kind = InspectionPlanKind.Running }).Reason.Should().Be(ConditionReasons.Inspecting);
    }

    [Fact]
    public void Retries_keep_the_reason_of_the_failure_and_name_it_once()
    {
        var template = InspectedTemplates.New();
        var ended = Now;
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, ended);
        var error = GeneratorPayloads.Error(GeneratorReasons.SourceUnreachable, Unreachable);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // Attempt n failed at `ended`: Transient until its delay has passed, then the next attempt starts.
            var delay = SandboxAttempts.Delay(attempt + 1);
            var waiting = Finished(template, plan, job, error, ended.AddSeconds(1));
            waiting.RetryNow.Should().BeFalse();
            waiting.Outcome.Should().Be(StepOutcome.Transient(ConditionReasons.SourceUnreachable,
                $"{Unreachable} Retrying in {(int)delay.TotalSeconds - 1}s (attempt {attempt + 2}).", delay - TimeSpan.FromSeconds(1)));
            InspectedTemplates.Summarize(template, waiting.Outcome, ended.AddSeconds(1));
            template.Status.Conditions.Find(ConditionTypes.Ready)!.Status.Should().Be(ConditionStatus.False);
            Finished(template, plan, job, error, ended + delay).Should().Be(new InspectionDecision(StepOutcome.Continue, RetryNow: true));

            var next = InspectionPlanner.NextAttempt(template, InspectedTemplates.Options, plan);
            var running = plan with { Kind = InspectionPlanKind.Running, Attempt = plan.Attempt + 1, Job = next };
            var expected = $"Retrying in sandbox Job {next.Metadata.Name} (attempt {attempt + 2}) after: {Unreachable}";
            var inspecting = TemplateStatusDecisions.Inspecting(template, running);
            inspecting.Should().Be(StepOutcome.Waiting(ConditionReasons.SourceUnreachable, expected));
            InspectedTemplates.Summarize(template, inspecting, ended + delay);

            // Reconciled again while the retry runs: the same message, never "after: Retrying in sandbox Job ... after: ...".
            TemplateStatusDecisions.Inspecting(template, running).Should().Be(inspecting);
            InspectedTemplates.Summarize(template, inspecting, ended + delay + TimeSpan.FromSeconds(1));
            template.Status.Conditions.Find(ConditionTypes.Ready)!.Message.Should().Be(expected);

            ended = ended + delay + TimeSpan.FromSeconds(20);
            job = SandboxJobs.In(next, JobEnd.Failed, ended.AddSeconds(-20), ended);
            plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, ended, SandboxJobs.Lookup([.. Attempts(template, attempt), job]));
            (plan.Kind, plan.Attempt).Should().Be((InspectionPlanKind.Finished, attempt + 1));
        }

        template.Status.InspectedSpecHash.Should().BeNull("no attempt succeeded or failed for good");
    }

    /// <summary>Attempts 0..<paramref name="last"/> of the first inspection of <paramref name="template"/>, all failed.</summary>
    private static V1Job[] Attempts(CookiecutterTemplate template, int last)
    {
        var start = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());
        return [.. Enumerable.Range(0, last + 1).Select(a => SandboxJobs.In(
            a == 0 ? start.Job! : InspectionPlanner.NextAttempt(template, InspectedTemplates.Options, start with { Attempt = a - 1 }),
            JobEnd.Failed, Now, Now))];
    }

    [Fact]
    public void A_retry_whose_status_says_Inspecting_is_Waiting_Inspecting()
    {
        var template = InspectedTemplates.New();
        InspectedTemplates.Summarize(template, StepOutcome.Waiting(ConditionReasons.Inspecting, "Inspecting the template in sandbox Job x."), Now);
        var plan = InspectionPlanner.Plan(template, InspectedTemplates.Options, Now, SandboxJobs.Lookup());
        var retry = plan with { Kind = InspectionPlanKind.Running, Attempt = 1, Job = InspectionPlanner.NextAttempt(template, InspectedTemplates.Options, plan) };

        TemplateStatusDecisions.Inspecting(template, retry).Should().Be(
            StepOutcome.Waiting(ConditionReasons.Inspecting, $"Inspecting the template in sandbox Job {retry.Job!.Metadata.Name}.", SandboxPodWaits.RecheckInterval));
    }

    // ---- Finished: success ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(null, false, 3600)]
    [InlineData("30m", false, 1800)]
    [InlineData("30m", true, null)]
    public void A_successful_inspection_is_Ready_with_revision_variables_schema_and_the_inputs_recorded(string? interval, bool suspend, int? requeueSeconds)
    {
        var template = InspectedTemplates.New(s =>
        {
            s.RefreshInterval = interval;
            s.Suspend = suspend;
        });
        template.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.Annotations.RefreshRequestedAt] = "2026-03-01T11:00:00Z" };
        var (plan, job) = FinishedInspection(template, JobEnd.Complete, Now.AddSeconds(-3));
        var now = Now.AddMilliseconds(750);

        var decision = Finished(template, plan, job, GeneratorPayloads.InspectResult(Revision), now);

        decision.RetryNow.Should().BeFalse();
        decision.Outcome.Kind.Should().Be(StepOutcomeKind.Ready);
        decision.Outcome.Reason.Should().Be(ConditionReasons.Succeeded);
        decision.Outcome.Message.Should().Be($"Inspected revision {Revision}: 2 variables; snapshot of 2 files stored ({template.Status.Snapshots![0].Size} bytes in 1 ConfigMap(s)).");
        decision.Outcome.RequeueAfter.Should().Be(requeueSeconds is { } s ? TimeSpan.FromSeconds(s) : null);
        var status = template.Status;
        status.ResolvedRevision.Should().Be(Revision);
        status.VariableCount.Should().Be(2);
        status.Variables!.Select(v => (v.Name, v.Type)).Should().Equal(("project_name", TemplateVariableType.String), ("license", TemplateVariableType.Choice));
        status.Variables![0].Default.Should().Be("My Project");
        status.Variables![0].Description.Should().Be("Name of the project");
        status.Variables![1].Choices.Should().Equal("MIT", "BSD-3-Clause");
        status.InputSchema.Should().ContainKey("properties");
        ((IDictionary<string, object?>)status.InputSchema!["properties"]!).Keys.Should().BeEquivalentTo("project_name", "license");
        status.InspectedSpecHash.Should().Be(plan.InputHash);
        status.LastInspected.Should().Be(Now, "cut to whole seconds");
        status.LastInspected!.Value.Kind.Should().Be(DateTimeKind.Utc);
        status.LastHandledRefreshAt.Should().Be("2026-03-01T11:00:00Z");

        // Recorded: the next reconcile stands (until the refresh is due) instead of reading the Job again.
        var after = InspectionPlanner.Plan(template, InspectedTemplates.Options, now.AddSeconds(1), SandboxJobs.Lookup(job));
        after.Kind.Should().Be(InspectionPlanKind.UpToDate);
    }

    [Fact]
    public void Overrides_apply_and_unknown_ones_are_named_in_the_message()
    {
        var template = InspectedTemplates.New(s => s.VariableOverrides =
        [
            new VariableOverride { Name = "license", Description = "License of the code" },
            new VariableOverride { Name = "colour", Description = "no such variable" },
        ]);
        var (plan, job) = FinishedInspection(template, JobEnd.Complete, Now);

        var decision = Finished(template, plan, job, GeneratorPayloads.InspectResult(Revision), Now);

        decision.Outcome.Message.Should().Be($"Inspected revision {Revision}: 2 variables; snapshot of 2 files stored ({template.Status.Snapshots![0].Size} bytes in 1 ConfigMap(s)). Overrides name variables the template does not have and were ignored: colour.");
        template.Status.Variables!.Single(v => v.Name == "license").Description.Should().Be("License of the code");
    }

    // ---- Finished: stalled failures -------------------------------------------------------------------------------

    [Theory]
    [InlineData(GeneratorReasons.InvalidTemplate, ConditionReasons.InvalidTemplate, false)]
    [InlineData(GeneratorReasons.RevisionNotFound, ConditionReasons.RevisionNotFound, false)]
    [InlineData(GeneratorReasons.ArchiveDigestMismatch, ConditionReasons.ChecksumMismatch, true)]
    [InlineData(GeneratorReasons.UnsafeOutput, ConditionReasons.InvalidTemplate, true)]
    [InlineData(GeneratorReasons.UnsafeArchive, ConditionReasons.InvalidTemplate, true)]
    [InlineData(GeneratorReasons.ArchiveTooLarge, ConditionReasons.InvalidTemplate, true)]
    [InlineData(GeneratorReasons.Internal, ConditionReasons.InspectFailed, true)]
    [InlineData(GeneratorReasons.InvalidArguments, ConditionReasons.InspectFailed, true)]
    [InlineData(GeneratorReasons.InvalidVariables, ConditionReasons.InspectFailed, true)]
    [InlineData(GeneratorReasons.HookFailed, ConditionReasons.InspectFailed, true)]
    [InlineData(GeneratorReasons.OutputTooLarge, ConditionReasons.InspectFailed, true)]
    [InlineData("ReasonOfANewerImage", ConditionReasons.InspectFailed, true)]
    public void A_stalled_generator_reason_is_Stalled_with_its_condition_reason_and_the_inputs_recorded(string reason, string conditionReason, bool named)
    {
        var template = InspectedTemplates.New();
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, Now.AddSeconds(-1));

        var decision = Finished(template, plan, job, GeneratorPayloads.Error(reason, "what was wrong and what to do."), Now);

        decision.RetryNow.Should().BeFalse();
        decision.Outcome.Should().Be(StepOutcome.Stalled(conditionReason, named ? $"{reason}: what was wrong and what to do." : "what was wrong and what to do.",
            TimeSpan.FromHours(1)), "woken for the refresh, not to retry");
        template.Status.InspectedSpecHash.Should().Be(plan.InputHash, "the same inputs fail the same way: not inspected again");
        template.Status.LastInspected.Should().Be(Now);
        template.Status.ResolvedRevision.Should().BeNull();
        template.Status.Variables.Should().BeNull();
        InspectionPlanner.Plan(template, InspectedTemplates.Options, Now.AddMinutes(1), SandboxJobs.Lookup(job)).Kind.Should().Be(InspectionPlanKind.UpToDate);
    }

    [Theory]
    [InlineData(null, false, 3600)]
    [InlineData("10m", false, 600)]
    [InlineData("10m", true, null)]
    public void A_stalled_verdict_wakes_for_the_next_refresh_unless_suspended(string? interval, bool suspend, int? wakeSeconds)
    {
        var template = InspectedTemplates.New(s =>
        {
            s.RefreshInterval = interval;
            s.Suspend = suspend;
        });
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, Now.AddSeconds(-1));

        var decision = Finished(template, plan, job, GeneratorPayloads.Error(GeneratorReasons.InvalidTemplate, "no cookiecutter.json."), Now);

        decision.Outcome.Kind.Should().Be(StepOutcomeKind.Stalled);
        decision.Outcome.RequeueAfter.Should().Be(wakeSeconds is { } w ? TimeSpan.FromSeconds(w) : null);
    }

    public static TheoryData<string> GeneratorRows() => [.. GeneratorReasons.All.Where(r => r.IsGenerators).Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(GeneratorRows))]
    public void Every_generator_reason_follows_its_row_of_the_table(string reason)
    {
        var row = GeneratorReasons.Find(reason);
        var template = InspectedTemplates.New();
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, Now.AddSeconds(-1));

        var decision = Finished(template, plan, job, GeneratorPayloads.Error(reason, "message."), Now);

        decision.Outcome.Reason.Should().Be(row.InspectReason);
        decision.Outcome.Kind.Should().Be(row.Class == SandboxFailureClass.Transient ? StepOutcomeKind.Transient : StepOutcomeKind.Stalled);
        (template.Status.InspectedSpecHash is not null).Should().Be(row.Class == SandboxFailureClass.Stalled);
    }

    // ---- Finished: transient failures -----------------------------------------------------------------------------

    [Theory]
    [InlineData(0, 2.0, 3.0, "Retrying in 3s (attempt 2).")]
    [InlineData(0, 2.5, 2.5, "Retrying in 3s (attempt 2).")]
    [InlineData(0, 5.0, null, null)]
    [InlineData(1, 4.0, 6.0, "Retrying in 6s (attempt 3).")]
    [InlineData(1, 10.0, null, null)]
    [InlineData(2, 0.0, 20.0, "Retrying in 20s (attempt 4).")]
    [InlineData(3, 39.0, 1.0, "Retrying in 1s (attempt 5).")]
    [InlineData(4, 0.0, 80.0, "Retrying in 80s (attempt 6).")]
    [InlineData(9, 79.0, 1.0, "Retrying in 1s (attempt 11).")]
    [InlineData(9, 80.0, null, null)]
    [InlineData(9, 3600.0, null, null)]
    public void SourceUnreachable_is_retried_after_a_doubling_capped_delay_from_the_jobs_completion_time(int attempt, double sinceEnd, double? waitSeconds, string? retry)
    {
        var template = InspectedTemplates.New();
        var ended = Now.AddMinutes(-30);
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, ended, attempt);
        job.Status.CompletionTime = ended;
        job.Status.Conditions.Single(c => c.Type == "Failed").LastTransitionTime = ended.AddMinutes(-5);
        var before = Copy(template.Status);

        var decision = Finished(template, plan, job, GeneratorPayloads.Error(GeneratorReasons.SourceUnreachable, Unreachable), ended.AddSeconds(sinceEnd));

        ShouldNotHaveRecordedTheInputs(template.Status, before);
        if (waitSeconds is null)
        {
            decision.Should().Be(new InspectionDecision(StepOutcome.Continue, RetryNow: true));
            return;
        }

        decision.RetryNow.Should().BeFalse();
        decision.Outcome.Kind.Should().Be(StepOutcomeKind.Transient);
        decision.Outcome.Reason.Should().Be(ConditionReasons.SourceUnreachable);
        decision.Outcome.Message.Should().Be($"{Unreachable} {retry}");
        decision.Outcome.RequeueAfter.Should().Be(TimeSpan.FromSeconds(waitSeconds.Value));
    }

    [Fact]
    public void A_refresh_failing_transiently_keeps_the_template_Ready_and_says_why()
    {
        var inspected = Now.AddHours(-2);
        var template = InspectedTemplates.Ready(inspected);
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, Now.AddSeconds(-1));
        plan.Refresh.Should().BeTrue();
        var before = Copy(template.Status);

        var decision = Finished(template, plan, job, GeneratorPayloads.Error(GeneratorReasons.SourceUnreachable, Unreachable), Now);

        decision.RetryNow.Should().BeFalse();
        decision.Outcome.Should().Be(StepOutcome.Ready(ConditionReasons.Succeeded,
            $"Serving revision {Revision}; the last refresh failed (SourceUnreachable: {Unreachable}). Retrying in 4s (attempt 2).", TimeSpan.FromSeconds(4)));
        ShouldNotHaveRecordedTheInputs(template.Status, before);
        template.Status.LastInspected.Should().Be(inspected, "the retry stays in the same refresh round");
        InspectionPlanner.NextAttempt(template, InspectedTemplates.Options, plan).Metadata.Name.Should().Be(job.Metadata.Name + "-r1");
    }

    [Fact]
    public void A_refresh_failing_for_good_is_Stalled_and_records_the_inputs_but_keeps_the_last_revision()
    {
        var template = InspectedTemplates.Ready(Now.AddHours(-2));
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, Now.AddSeconds(-1));

        var decision = Finished(template, plan, job, GeneratorPayloads.Error(GeneratorReasons.RevisionNotFound, "main is no branch of the repository."), Now);

        decision.Outcome.Should().Be(StepOutcome.Stalled(ConditionReasons.RevisionNotFound, "main is no branch of the repository.", TimeSpan.FromHours(1)));
        template.Status.LastInspected.Should().Be(Now);
        template.Status.ResolvedRevision.Should().Be(Revision);
        template.Status.VariableCount.Should().Be(2);
    }

    // ---- Finished: the Job or its frame ----------------------------------------------------------------------------

    [Fact]
    public void A_timed_out_inspection_is_Stalled_InspectTimeout_naming_the_deadline()
    {
        var template = InspectedTemplates.New(s => s.Sandbox = new SandboxSettings { TimeoutSeconds = 45 });
        var (plan, job) = FinishedInspection(template, JobEnd.DeadlineExceeded, Now.AddSeconds(-1));
        SandboxJobState.Of(job).Should().Be(SandboxJobPhase.TimedOut);

        var decision = Finished(template, plan, job, null, Now);

        decision.RetryNow.Should().BeFalse();
        decision.Outcome.Kind.Should().Be(StepOutcomeKind.Stalled);
        decision.Outcome.Reason.Should().Be(ConditionReasons.InspectTimeout);
        decision.Outcome.Message.Should().StartWith("Inspecting the template took longer than 45s and was stopped;");
        decision.Outcome.RequeueAfter.Should().Be(TimeSpan.FromHours(1));
        template.Status.InspectedSpecHash.Should().Be(plan.InputHash);
    }

    [Fact]
    public void A_timed_out_inspection_ignores_a_frame_printed_before_the_deadline()
    {
        var template = InspectedTemplates.New();
        var (plan, job) = FinishedInspection(template, JobEnd.DeadlineExceeded, Now.AddSeconds(-1));

        Finished(template, plan, job, GeneratorPayloads.InspectResult(Revision), Now).Outcome.Reason.Should().Be(ConditionReasons.InspectTimeout);
    }

    /// <remarks>
    /// GeneratorReasons makes a missing frame (NoResult: the pod was killed, evicted or deleted before its log was
    /// read) transient, so it is retried like SourceUnreachable. The frame problems that are stalled are pinned below.
    /// </remarks>
    [Fact]
    public void No_frame_is_InspectFailed_and_retried_like_a_killed_pod()
    {
        var template = InspectedTemplates.New();
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, Now.AddSeconds(-1));
        var before = Copy(template.Status);

        var decision = Finished(template, plan, job, GeneratorPayloads.NoFrame(), Now);

        decision.Outcome.Kind.Should().Be(StepOutcomeKind.Transient);
        decision.Outcome.Reason.Should().Be(ConditionReasons.InspectFailed);
        decision.Outcome.Message.Should().StartWith($"Inspect Job {job.Metadata.Name} failed: the sandbox pod's log holds no result frame").And.EndWith("Retrying in 4s (attempt 2).");
        ShouldNotHaveRecordedTheInputs(template.Status, before);
        Finished(template, plan, job, GeneratorPayloads.NoFrame(), Now.AddSeconds(4)).RetryNow.Should().BeTrue();
    }

    public static TheoryData<string, string> StalledFrames() => new()
    {
        { "corrupt", "fails its checksum" },
        { "unknown protocol", "the sandbox image speaks protocol 2" },
        { "out of memory", "ran out of memory (limit 512Mi)" },
    };

    [Theory]
    [MemberData(nameof(StalledFrames))]
    public void A_frame_that_cannot_be_used_is_Stalled_InspectFailed(string problem, string message)
    {
        var template = InspectedTemplates.New();
        var (plan, job) = FinishedInspection(template, JobEnd.Failed, Now.AddSeconds(-1));
        var read = problem switch
        {
            "corrupt" => SandboxResultFrame.Read($"{GeneratorContract.FrameBegin}\nsha256:{new string('0', 64)}\nAAAA\n{GeneratorContract.FrameEnd}\n"),
            "unknown protocol" => GeneratorPayloads.Framed(new JsonObject { ["kind"] = GeneratorContract.InspectResultKind, ["version"] = 2 }),
            _ => SandboxLogReader.WithPodStatus(GeneratorPayloads.NoFrame(), OomKilled(TemplateInspectJobBuilder.ContainerName), TemplateInspectJobBuilder.ContainerName),
        };

        var decision = Finished(template, plan, job, read, Now);

        decision.RetryNow.Should().BeFalse();
        decision.Outcome.Kind.Should().Be(StepOutcomeKind.Stalled);
        decision.Outcome.Reason.Should().Be(ConditionReasons.InspectFailed);
        decision.Outcome.Message.Should().StartWith($"Inspect Job {job.Metadata.Name} failed: ").And.Contain(message);
        template.Status.InspectedSpecHash.Should().Be(plan.InputHash);
    }

    public static TheoryData<string, string> MalformedResults() => new()
    {
        { "no variables", "the sandbox's InspectResult lacks revision, variables or schema; the generator image does not match this operator." },
        { "no revision", "the sandbox's InspectResult lacks revision, variables or schema; the generator image does not match this operator." },
        { "schema not an object", "the sandbox's InspectResult lacks revision, variables or schema; the generator image does not match this operator." },
        { "render result", "the sandbox returned a RenderResult where an InspectResult was expected." },
    };

    [Theory]
    [MemberData(nameof(MalformedResults))]
    public void A_malformed_InspectResult_is_Stalled_InspectFailed(string malformation, string error)
    {
        var template = InspectedTemplates.New();
        var (plan, job) = FinishedInspection(template, JobEnd.Complete, Now.AddSeconds(-1));
        var payload = GeneratorPayloads.InspectResultPayload(Revision);
        switch (malformation)
        {
            case "no variables":
                payload.Remove("variables");
                break;
            case "no revision":
                payload["revision"] = "";
                break;
            case "schema not an object":
                payload["schema"] = new JsonArray();
                break;
            default:
                payload["kind"] = GeneratorContract.RenderResultKind;
                break;
        }

        var decision = Finished(template, plan, job, GeneratorPayloads.Framed(payload), Now);

        decision.Should().Be(new InspectionDecision(
            StepOutcome.Stalled(ConditionReasons.InspectFailed, $"Inspect Job {job.Metadata.Name} failed: {error}", TimeSpan.FromHours(1)), RetryNow: false));
        template.Status.ResolvedRevision.Should().BeNull();
        template.Status.InspectedSpecHash.Should().Be(plan.InputHash);
    }

    private static V1Pod OomKilled(string container) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web-inspect-pod", NamespaceProperty = "team-a" },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = container,
                    Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") } },
                },
            ],
        },
        Status = new V1PodStatus
        {
            ContainerStatuses =
            [
                new V1ContainerStatus { Name = container, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = "OOMKilled", ExitCode = 137 } } },
            ],
        },
    };
}
