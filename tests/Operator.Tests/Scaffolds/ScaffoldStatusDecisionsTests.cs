using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Operator.Tests.Retries;
using DynamoMcp.Operator.Tests.Sandbox;
using DynamoMcp.Operator.Tests.Templates;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.Operator.Tests.Scaffolds;

public sealed class ScaffoldStatusDecisionsTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string Revision = InspectedTemplates.Revision;
    private static readonly SandboxOptions Options = new();
    private const string Unreachable = "could not fetch https://github.com/acme/templates.git: connection timed out.";

    private static readonly (string Path, string Content)[] Files =
    [
        ("app/README.md", "# App\n"),
        ("app/src/main.py", "print('hello')\n"),
    ];

    private static CookiecutterTemplate ReadyTemplate() => InspectedTemplates.Ready(Now.AddHours(-1));

    /// <summary>Attempt <paramref name="attempt"/> of the Scaffold's render Job, as the controller creates it, in <paramref name="end"/>.</summary>
    private static V1Job RenderJob(Scaffold scaffold, JobEnd end, DateTime ended, int attempt = 0) =>
        SandboxJobs.In(SandboxAttempts.ForAttempt(SandboxPodSpecs.Render(scaffold, ReadyTemplate(), Revision, Options), attempt), end, ended.AddSeconds(-30), ended);

    private static void Summarize(Scaffold scaffold, StepOutcome outcome, V1Job? job, DateTime now)
    {
        ReconcileSteps<Scaffold>.Summarize(scaffold.Status, scaffold.Metadata.Generation, outcome, new FakeTimeProvider(new DateTimeOffset(now, TimeSpan.Zero)));
        ScaffoldStatusDecisions.Summarize(scaffold, outcome, job, now);
    }

    private static StepOutcome Rendered(
        Scaffold scaffold, V1Job job, int attempt, SandboxFailure? failure, JsonObject? payload, DateTime now, out RenderedProject? project, out bool retryNow, long? cap = null) =>
        ScaffoldStatusDecisions.Rendered(scaffold, job, attempt, SandboxJobState.Of(job), failure, payload, null, cap ?? ScaffoldRenderJobBuilder.MaxArchiveBytes(scaffold, Options), now, out project, out retryNow);

    // ---- Finished and ExpiresIn -----------------------------------------------------------------------------------

    [Theory]
    [InlineData(ScaffoldPhase.Succeeded, ConditionReasons.Succeeded, 3600, 600, 3000)]
    [InlineData(ScaffoldPhase.Succeeded, ConditionReasons.Succeeded, null, 600, null)]
    [InlineData(ScaffoldPhase.Succeeded, ConditionReasons.Succeeded, 60, 600, 1)]
    [InlineData(ScaffoldPhase.Failed, ConditionReasons.InvalidVariables, 3600, 600, 3000)]
    [InlineData(ScaffoldPhase.Failed, ConditionReasons.RenderTimeout, null, 600, null)]
    public void A_finished_Scaffold_keeps_its_verdict_and_wakes_up_for_its_TTL(ScaffoldPhase phase, string reason, int? ttl, int finishedSecondsAgo, int? wakeSeconds)
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.TtlSecondsAfterFinished = ttl);
        var verdict = phase == ScaffoldPhase.Succeeded ? StepOutcome.Ready(reason, "Rendered 2 files.") : StepOutcome.Stalled(reason, "It failed.");
        Summarize(scaffold, verdict, null, Now.AddSeconds(-finishedSecondsAgo));
        scaffold.Status.Phase.Should().Be(phase);

        var outcome = ScaffoldStatusDecisions.Finished(scaffold, Now);

        outcome.Should().NotBeNull();
        outcome!.Kind.Should().Be(phase == ScaffoldPhase.Succeeded ? StepOutcomeKind.Ready : StepOutcomeKind.Stalled);
        outcome.Reason.Should().Be(reason);
        outcome.Message.Should().Be(verdict.Message);
        outcome.RequeueAfter.Should().Be(wakeSeconds is { } w ? TimeSpan.FromSeconds(w) : null);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ScaffoldPhase.Pending)]
    [InlineData(ScaffoldPhase.Running)]
    public void A_Scaffold_that_did_not_finish_is_not_finished(ScaffoldPhase? phase)
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.TtlSecondsAfterFinished = 60);
        scaffold.Status.Phase = phase;
        scaffold.Status.CompletionTime = Now.AddHours(-1);

        ScaffoldStatusDecisions.Finished(scaffold, Now).Should().BeNull();
    }

    [Fact]
    public void A_finished_Scaffold_without_a_Ready_condition_falls_back_to_the_generic_reasons()
    {
        var succeeded = SandboxPodSpecs.Scaffold();
        succeeded.Status.Phase = ScaffoldPhase.Succeeded;
        var failed = SandboxPodSpecs.Scaffold();
        failed.Status.Phase = ScaffoldPhase.Failed;

        ScaffoldStatusDecisions.Finished(succeeded, Now)!.Reason.Should().Be(ConditionReasons.Succeeded);
        ScaffoldStatusDecisions.Finished(failed, Now)!.Reason.Should().Be(ConditionReasons.RenderFailed);
    }

    [Theory]
    [InlineData(null, -60, null)]
    [InlineData(300, null, null)]
    [InlineData(300, -60, 240)]
    [InlineData(300, -300, 0)]
    [InlineData(300, -400, -100)]
    [InlineData(0, -1, -1)]
    public void ExpiresIn_counts_the_TTL_from_the_completion_time(int? ttl, int? completedSeconds, int? expected)
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.TtlSecondsAfterFinished = ttl);
        scaffold.Status.CompletionTime = completedSeconds is { } c ? Now.AddSeconds(c) : null;

        ScaffoldStatusDecisions.ExpiresIn(scaffold, Now).Should().Be(expected is { } e ? TimeSpan.FromSeconds(e) : null);
    }

    // ---- Admit ----------------------------------------------------------------------------------------------------

    public static TheoryData<string, StepOutcomeKind, string, string> AdmitRows() => new()
    {
        { "other namespace", StepOutcomeKind.Stalled, ConditionReasons.InvalidSpec, "spec.templateRef.namespace is team-b, but a Scaffold can only use a CookiecutterTemplate in its own namespace (team-a)" },
        { "other namespace and no template", StepOutcomeKind.Stalled, ConditionReasons.InvalidSpec, "its own namespace (team-a)" },
        { "no template", StepOutcomeKind.Waiting, ConditionReasons.TemplateNotFound, "CookiecutterTemplate team-a/web does not exist; create it or fix spec.templateRef." },
        { "never inspected", StepOutcomeKind.Waiting, ConditionReasons.TemplateNotReady, "CookiecutterTemplate team-a/web is not Ready yet (not inspected: waiting for its first inspection)." },
        { "inspecting", StepOutcomeKind.Waiting, ConditionReasons.TemplateNotReady, "is not Ready yet (Inspecting: Inspecting the template in sandbox Job web-inspect-1.)." },
        { "stalled", StepOutcomeKind.Waiting, ConditionReasons.TemplateNotReady, "is not Ready yet (InvalidTemplate: no cookiecutter.json.)." },
        { "ready without revision", StepOutcomeKind.Waiting, ConditionReasons.TemplateNotReady, "is not Ready yet (Succeeded:" },
        { "not ready and git output", StepOutcomeKind.Waiting, ConditionReasons.TemplateNotReady, "is not Ready yet" },
        { "git output", StepOutcomeKind.Continue, "", "" },
        { "s3 output", StepOutcomeKind.Continue, "", "" },
        { "no snapshot yet", StepOutcomeKind.Waiting, ConditionReasons.SnapshotNotFound, "has no snapshot of its revision" },
        { "revision by prefix", StepOutcomeKind.Continue, "", "" },
        { "revision by ref", StepOutcomeKind.Continue, "", "" },
        { "revision not held", StepOutcomeKind.Stalled, ConditionReasons.SnapshotNotFound, "holds no snapshot of revision 1234567 (it holds: aaaaaaaaaaaa (main))" },
        { "update of a missing scaffold", StepOutcomeKind.Waiting, ConditionReasons.UpdateSourceNotFound, "spec.updateFrom names Scaffold team-a/my-app-v1, which does not exist" },
        { "update of a running scaffold", StepOutcomeKind.Waiting, ConditionReasons.UpdateSourceNotReady, "Waiting for Scaffold team-a/my-app-v1" },
        { "update of a failed scaffold", StepOutcomeKind.Stalled, ConditionReasons.UpdateSourceNotReady, "failed, so there is no project to update" },
        { "update of another template", StepOutcomeKind.Stalled, ConditionReasons.InvalidSpec, "was generated from template api, not web" },
        { "update without a stored copy", StepOutcomeKind.Stalled, ConditionReasons.NotUpdatable, "keeps no copy of its project" },
        { "update", StepOutcomeKind.Continue, "", "" },
        { "unknown variable", StepOutcomeKind.Stalled, ConditionReasons.InvalidVariables, "the template has no variable 'colour'." },
        { "choice not offered", StepOutcomeKind.Stalled, ConditionReasons.InvalidVariables, "license" },
        { "own namespace named", StepOutcomeKind.Continue, "", "" },
        { "inline output", StepOutcomeKind.Continue, "", "" },
        { "ok", StepOutcomeKind.Continue, "", "" },
    };

    [Theory]
    [MemberData(nameof(AdmitRows))]
    public void Admit_checks_namespace_template_output_and_variables_before_a_job_exists(string row, StepOutcomeKind kind, string reason, string message)
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        CookiecutterTemplate? template = ReadyTemplate();
        Scaffold? previous = null;
        if (row.StartsWith("update", StringComparison.Ordinal))
        {
            scaffold.Spec.UpdateFrom = new ScaffoldReference { Name = "my-app-v1" };
            previous = SandboxPodSpecs.Previous();
        }

        switch (row)
        {
            case "no snapshot yet":
                template.Status.Snapshots = null;
                break;
            case "revision by prefix":
                scaffold.Spec.Revision = Revision[..7];
                break;
            case "revision by ref":
                scaffold.Spec.Revision = "main";
                break;
            case "revision not held":
                scaffold.Spec.Revision = "1234567";
                break;
            case "update of a missing scaffold":
                previous = null;
                break;
            case "update of a running scaffold":
                previous!.Status.Phase = ScaffoldPhase.Running;
                break;
            case "update of a failed scaffold":
                previous!.Status.Phase = ScaffoldPhase.Failed;
                break;
            case "update of another template":
                previous!.Spec.TemplateRef.Name = "api";
                break;
            case "update without a stored copy":
                previous!.Status.Artifact = null;
                break;
            case "other namespace":
                scaffold.Spec.TemplateRef.Namespace = "team-b";
                break;
            case "other namespace and no template":
                scaffold.Spec.TemplateRef.Namespace = "team-b";
                template = null;
                break;
            case "no template":
                template = null;
                break;
            case "never inspected":
                template = InspectedTemplates.New();
                break;
            case "inspecting":
                template = InspectedTemplates.New();
                InspectedTemplates.Summarize(template, StepOutcome.Waiting(ConditionReasons.Inspecting, "Inspecting the template in sandbox Job web-inspect-1."), Now);
                break;
            case "stalled":
                template = InspectedTemplates.New();
                InspectedTemplates.Summarize(template, StepOutcome.Stalled(ConditionReasons.InvalidTemplate, "no cookiecutter.json."), Now);
                break;
            case "ready without revision":
                template.Status.ResolvedRevision = null;
                break;
            case "not ready and git output":
                template = InspectedTemplates.New();
                scaffold.Spec.Output = new ScaffoldOutput { Git = new GitOutput { Url = "https://github.com/acme/out.git" } };
                break;
            case "git output":
                scaffold.Spec.Output = new ScaffoldOutput { Git = new GitOutput { Url = "https://github.com/acme/out.git" } };
                break;
            case "s3 output":
                scaffold.Spec.Output = new ScaffoldOutput { S3 = new S3Output { Bucket = "projects" } };
                break;
            case "unknown variable":
                scaffold.Spec.Variables!["colour"] = "blue";
                break;
            case "choice not offered":
                scaffold.Spec.Variables!["license"] = "GPL-3.0";
                break;
            case "own namespace named":
                scaffold.Spec.TemplateRef.Namespace = "team-a";
                break;
            case "inline output":
                scaffold.Spec.Output = new ScaffoldOutput { Inline = new InlineOutput { MaxSizeBytes = 1024 } };
                break;
        }

        var outcome = ScaffoldStatusDecisions.Admit(scaffold, template, previous, out var snapshot);

        outcome.Kind.Should().Be(kind, outcome.Message);
        outcome.Reason.Should().Be(reason);
        if (kind == StepOutcomeKind.Continue)
        {
            outcome.Should().BeSameAs(StepOutcome.Continue);
            snapshot.Should().BeSameAs(template!.Status.Snapshots![0], "the template holds one snapshot, of its current revision");
            return;
        }

        snapshot.Should().BeNull();

        outcome.Message.Should().Contain(message);
        if (reason == ConditionReasons.InvalidVariables)
        {
            outcome.Message.Should().EndWith(" Create the Scaffold again with corrected variables.");
        }
    }

    /// <summary>
    /// <c>templateRef.namespace: ""</c> (the CRD allows it) is the Scaffold's own namespace for Admit, the template
    /// lookup and the index alike.
    /// </summary>
    [Theory]
    [InlineData(null, "team-a")]
    [InlineData("", "team-a")]
    [InlineData("team-a", "team-a")]
    [InlineData("team-b", "team-b")]
    public void The_template_namespace_is_the_refs_or_else_the_Scaffolds(string? ns, string expected)
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.TemplateRef.Namespace = ns);

        ScaffoldController.TemplateNamespace(scaffold).Should().Be(expected);
        ScaffoldController.TemplateKeys(scaffold).Should().Equal($"{expected}/web");
    }

    [Fact]
    public void An_empty_templateRef_namespace_is_the_Scaffolds_own_namespace_for_the_lookup_too()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.TemplateRef.Namespace = "");

        ScaffoldStatusDecisions.Admit(scaffold, ReadyTemplate(), null, out _).Should().BeSameAs(StepOutcome.Continue);
        ScaffoldController.TemplateKeys(scaffold).Should().Equal("team-a/web");
    }

    // ---- Rendering ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, " (attempt 2 of 5)")]
    [InlineData(4, " (attempt 5 of 5)")]
    public void Rendering_names_the_revision_the_job_and_the_attempt(int attempt, string retry)
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var job = RenderJob(scaffold, JobEnd.Running, Now, attempt);

        // No pod runs yet: it looks again soon (a pod that becomes unschedulable later brings no Job event).
        ScaffoldStatusDecisions.Rendering(scaffold, job, attempt)
            .Should().Be(StepOutcome.Waiting(ConditionReasons.Rendering, $"Rendering revision {Revision} in sandbox Job {job.Metadata.Name}{retry}.", SandboxPodWaits.RecheckInterval));
        job.Status.Ready = 1;
        ScaffoldStatusDecisions.Rendering(scaffold, job, attempt)
            .Should().Be(StepOutcome.Waiting(ConditionReasons.Rendering, $"Rendering revision {Revision} in sandbox Job {job.Metadata.Name}{retry}."), "a running pod's end is a Job event");
        ScaffoldStatusDecisions.Rendering(scaffold, job, attempt, "its pod p is not scheduled yet (Unschedulable: full)").Message
            .Should().Be($"Waiting to render revision {Revision} in sandbox Job {job.Metadata.Name}{retry}: its pod p is not scheduled yet (Unschedulable: full).");
    }

    // ---- Rendered -------------------------------------------------------------------------------------------------

    [Fact]
    public void A_timed_out_render_is_Stalled_RenderTimeout_naming_the_deadline()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.TimeoutSeconds = 60);
        var job = RenderJob(scaffold, JobEnd.DeadlineExceeded, Now.AddSeconds(-1));

        var outcome = Rendered(scaffold, job, 0, null, null, Now, out var project, out var retryNow);

        outcome.Kind.Should().Be(StepOutcomeKind.Stalled);
        outcome.Reason.Should().Be(ConditionReasons.RenderTimeout);
        outcome.Message.Should().StartWith("Rendering took longer than 60s and was stopped;");
        (project, retryNow).Should().Be((null, false));
    }

    [Fact]
    public void A_timed_out_render_is_not_retried_even_after_a_transient_fetch_failure()
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var job = RenderJob(scaffold, JobEnd.DeadlineExceeded, Now.AddMinutes(-5));
        var failure = SandboxFailures.Of(SandboxStage.Fetch, GeneratorPayloads.Error(GeneratorReasons.SourceUnreachable, Unreachable), job.Metadata.Name);

        Rendered(scaffold, job, 0, failure, null, Now, out _, out var retryNow).Reason.Should().Be(ConditionReasons.RenderTimeout);
        retryNow.Should().BeFalse();
    }

    [Theory]
    [InlineData(0, 2.0, 3.0, "Retrying in 3s (attempt 2 of 5).")]
    [InlineData(0, 4.5, 0.5, "Retrying in 1s (attempt 2 of 5).")]
    [InlineData(0, 5.0, null, null)]
    [InlineData(1, 1.0, 9.0, "Retrying in 9s (attempt 3 of 5).")]
    [InlineData(2, 20.0, null, null)]
    [InlineData(3, 0.0, 40.0, "Retrying in 40s (attempt 5 of 5).")]
    [InlineData(3, 40.0, null, null)]
    public void A_transient_fetch_failure_under_MaxAttempts_is_retried_after_its_delay(int attempt, double sinceEnd, double? waitSeconds, string? retry)
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var ended = Now.AddMinutes(-10);
        var job = RenderJob(scaffold, JobEnd.Failed, ended, attempt);
        var failure = SandboxFailures.Of(SandboxStage.Fetch, GeneratorPayloads.Error(GeneratorReasons.SourceUnreachable, Unreachable), job.Metadata.Name);

        var outcome = Rendered(scaffold, job, attempt, failure, null, ended.AddSeconds(sinceEnd), out var project, out var retryNow);

        project.Should().BeNull();
        if (waitSeconds is null)
        {
            outcome.Should().Be(StepOutcome.Continue);
            retryNow.Should().BeTrue();
            return;
        }

        retryNow.Should().BeFalse();
        outcome.Should().Be(StepOutcome.Transient(ConditionReasons.SourceUnreachable, $"{Unreachable} {retry}", TimeSpan.FromSeconds(waitSeconds.Value)));
    }

    [Fact]
    public void A_transient_failure_of_the_last_attempt_is_Stalled_after_MaxAttempts()
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var attempt = ScaffoldStatusDecisions.MaxAttempts - 1;
        var job = RenderJob(scaffold, JobEnd.Failed, Now.AddMinutes(-10), attempt);
        var failure = SandboxFailures.Of(SandboxStage.Fetch, GeneratorPayloads.Error(GeneratorReasons.SourceUnreachable, Unreachable), job.Metadata.Name);

        var outcome = Rendered(scaffold, job, attempt, failure, null, Now, out _, out var retryNow);

        retryNow.Should().BeFalse();
        outcome.Should().Be(StepOutcome.Stalled(ConditionReasons.SourceUnreachable, $"{Unreachable} (after 5 attempts)"));
    }

    [Fact]
    public void A_render_without_a_frame_is_retried_as_RenderFailed()
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var job = RenderJob(scaffold, JobEnd.Failed, Now.AddSeconds(-1));
        var failure = SandboxFailures.Of(SandboxStage.Render, GeneratorPayloads.NoFrame(), job.Metadata.Name);

        var outcome = Rendered(scaffold, job, 0, failure, null, Now, out _, out _);

        outcome.Kind.Should().Be(StepOutcomeKind.Transient);
        outcome.Reason.Should().Be(ConditionReasons.RenderFailed);
        outcome.Message.Should().StartWith($"Render Job {job.Metadata.Name} failed: ").And.EndWith("Retrying in 4s (attempt 2 of 5).");
    }

    [Theory]
    [InlineData(SandboxStage.Fetch, GeneratorReasons.ArchiveDigestMismatch, 0, ConditionReasons.ChecksumMismatch, "ArchiveDigestMismatch: it went wrong.")]
    [InlineData(SandboxStage.Fetch, GeneratorReasons.RevisionNotFound, 0, ConditionReasons.RevisionNotFound, "it went wrong.")]
    [InlineData(SandboxStage.Render, GeneratorReasons.InvalidTemplate, 0, ConditionReasons.RenderFailed, "InvalidTemplate: it went wrong.")]
    [InlineData(SandboxStage.Render, GeneratorReasons.HookFailed, 0, ConditionReasons.RenderFailed, "HookFailed: it went wrong.")]
    [InlineData(SandboxStage.Render, GeneratorReasons.InvalidVariables, 0, ConditionReasons.InvalidVariables, "it went wrong.")]
    [InlineData(SandboxStage.Render, GeneratorReasons.OutputTooLarge, 0, ConditionReasons.OutputTooLarge, "it went wrong.")]
    [InlineData(SandboxStage.Render, GeneratorReasons.UnsafeOutput, 2, ConditionReasons.RenderFailed, "UnsafeOutput: it went wrong. (after 3 attempts)")]
    public void A_stalled_failure_is_Stalled_with_its_reason(SandboxStage stage, string reason, int attempt, string conditionReason, string message)
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var job = RenderJob(scaffold, JobEnd.Failed, Now.AddSeconds(-1), attempt);
        var failure = SandboxFailures.Of(stage, GeneratorPayloads.Error(reason, "it went wrong."), job.Metadata.Name);

        var outcome = Rendered(scaffold, job, attempt, failure, null, Now, out var project, out var retryNow);

        outcome.Should().Be(StepOutcome.Stalled(conditionReason, message));
        (project, retryNow).Should().Be((null, false));
    }

    [Fact]
    public void A_valid_RenderResult_continues_with_the_verified_project()
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var job = RenderJob(scaffold, JobEnd.Complete, Now.AddSeconds(-1));
        var read = GeneratorPayloads.RenderResult(Revision, Files);
        SandboxFailures.Of(SandboxStage.Render, read, job.Metadata.Name).Should().BeNull();

        var outcome = Rendered(scaffold, job, 0, null, read.Payload, Now, out var project, out var retryNow);

        outcome.Should().Be(StepOutcome.Continue);
        retryNow.Should().BeFalse();
        project.Should().NotBeNull();
        project!.Revision.Should().Be(Revision);
        project.Archive.Should().Equal(GeneratorPayloads.Archive(Files));
        project.Sha256.Should().Be((string?)read.Payload!["archiveSha256"]);
        project.Files.Select(f => (f.Path, f.Size)).Should().Equal(("app/README.md", 6L), ("app/src/main.py", 15L));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    public void An_archive_above_the_cap_is_Stalled_OutputTooLarge(int belowSize, bool tooLarge)
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var job = RenderJob(scaffold, JobEnd.Complete, Now.AddSeconds(-1));
        var archive = GeneratorPayloads.Archive(Files);
        var cap = archive.Length + belowSize;

        var outcome = Rendered(scaffold, job, 0, null, GeneratorPayloads.RenderResult(Revision, Files).Payload, Now, out var project, out _, cap);

        if (tooLarge)
        {
            outcome.Should().Be(StepOutcome.Stalled(ConditionReasons.OutputTooLarge,
                $"The rendered archive is {archive.Length} bytes, above the limit of {cap}; create the Scaffold again with a larger spec.output.inline.maxSizeBytes."));
            project.Should().BeNull();
        }
        else
        {
            outcome.Should().Be(StepOutcome.Continue);
            project.Should().NotBeNull();
        }
    }

    public static TheoryData<string, string> MalformedRenders() => new()
    {
        { "other revision", $"the sandbox rendered revision {new string('b', 40)} instead of the pinned {new string('a', 40)}." },
        { "archive not base64", "the sandbox's archive is not valid base64." },
        { "wrong checksum", "the sandbox's archive fails its checksum" },
        { "empty archive", "the sandbox's archive fails its checksum" },
        { "inspect result", "the sandbox returned a InspectResult where a RenderResult was expected." },
    };

    [Theory]
    [MemberData(nameof(MalformedRenders))]
    public void A_malformed_RenderResult_is_Stalled_RenderFailed(string malformation, string error)
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var job = RenderJob(scaffold, JobEnd.Complete, Now.AddSeconds(-1));
        var payload = GeneratorPayloads.RenderResultPayload(Revision, GeneratorPayloads.Archive(Files), Files);
        switch (malformation)
        {
            case "other revision":
                payload["revision"] = new string('b', 40);
                break;
            case "archive not base64":
                payload["archive"] = "not base64!";
                break;
            case "wrong checksum":
                payload["archiveSha256"] = new string('0', 64);
                break;
            case "empty archive":
                payload["archive"] = "";
                payload["archiveSha256"] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
                break;
            default:
                payload["kind"] = GeneratorContract.InspectResultKind;
                break;
        }

        var outcome = Rendered(scaffold, job, 0, null, GeneratorPayloads.Framed(payload).Payload, Now, out var project, out var retryNow);

        outcome.Kind.Should().Be(StepOutcomeKind.Stalled);
        outcome.Reason.Should().Be(ConditionReasons.RenderFailed);
        outcome.Message.Should().StartWith($"Render Job {job.Metadata.Name} failed: {error}");
        (project, retryNow).Should().Be((null, false));
    }

    // ---- Stored ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(null)]
    [InlineData(3600)]
    public void Stored_fills_files_artifact_and_completion_and_is_Ready_Succeeded(int? ttl)
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.TtlSecondsAfterFinished = ttl);
        var job = RenderJob(scaffold, JobEnd.Complete, Now.AddSeconds(-1));
        Rendered(scaffold, job, 0, null, GeneratorPayloads.RenderResult(Revision, Files).Payload, Now, out var project, out _);
        var chunks = ScaffoldResultConfigMapBuilder.Build(scaffold, project!.Archive, project.Sha256, chunkSize: project.Archive.Length / 3 + 1);
        var now = Now.AddMilliseconds(400);

        var outcome = ScaffoldStatusDecisions.Stored(scaffold, project, chunks, null, now);

        chunks.Should().HaveCount(3);
        outcome.Should().Be(StepOutcome.Ready(ConditionReasons.Succeeded,
            $"Rendered 2 files from revision {Revision}; the archive is in 3 ConfigMap(s) labelled {ScaffoldResultFormat.ScaffoldLabel}=my-app.",
            // The TTL counts from the completion time as stored, in whole seconds.
            ttl is { } t ? TimeSpan.FromSeconds(t) - TimeSpan.FromMilliseconds(400) : null));
        var status = scaffold.Status;
        status.Files!.Select(f => f.Path).Should().Equal("app/README.md", "app/src/main.py");
        status.FileCount.Should().Be(2);
        status.Artifact.Should().BeEquivalentTo(new ScaffoldArtifact
        {
            Kind = ArtifactKind.ConfigMap,
            Names = [.. chunks.Select(c => c.Metadata.Name)],
            Chunks = 3,
            Sha256 = project.Sha256,
            Size = project.Archive.Length,
        });
        status.CompletionTime.Should().Be(Now, "cut to whole seconds");
    }

    // ---- Summarize ------------------------------------------------------------------------------------------------

    public static TheoryData<string, bool, ScaffoldPhase?, ScaffoldPhase, bool> SummarizeRows() => new()
    {
        // outcome, with a Job, phase before, phase after, completion time set
        { "ready", true, ScaffoldPhase.Running, ScaffoldPhase.Succeeded, true },
        { "continue", true, ScaffoldPhase.Running, ScaffoldPhase.Succeeded, true },
        { "stalled", false, null, ScaffoldPhase.Failed, true },
        { "stalled", true, ScaffoldPhase.Running, ScaffoldPhase.Failed, true },
        { "rendering", true, ScaffoldPhase.Pending, ScaffoldPhase.Running, false },
        { "rendering", false, ScaffoldPhase.Pending, ScaffoldPhase.Pending, false },
        { "template not ready", false, null, ScaffoldPhase.Pending, false },
        { "template not ready", true, ScaffoldPhase.Running, ScaffoldPhase.Pending, false },
        { "transient", true, ScaffoldPhase.Running, ScaffoldPhase.Running, false },
        { "transient", false, ScaffoldPhase.Pending, ScaffoldPhase.Pending, false },
        { "transient", false, null, ScaffoldPhase.Pending, false },
    };

    [Theory]
    [MemberData(nameof(SummarizeRows))]
    public void Summarize_sets_the_phase_from_the_outcome(string kind, bool withJob, ScaffoldPhase? before, ScaffoldPhase after, bool completed)
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        scaffold.Status.Phase = before;
        var job = withJob ? RenderJob(scaffold, JobEnd.Running, Now) : null;
        var outcome = kind switch
        {
            "ready" => StepOutcome.Ready(ConditionReasons.Succeeded, "Rendered."),
            "continue" => StepOutcome.Continue,
            "stalled" => StepOutcome.Stalled(ConditionReasons.InvalidVariables, "Invalid variable."),
            "rendering" => StepOutcome.Waiting(ConditionReasons.Rendering, "Rendering."),
            "template not ready" => StepOutcome.Waiting(ConditionReasons.TemplateNotReady, "Not ready."),
            _ => StepOutcome.Transient(ConditionReasons.SourceUnreachable, "Unreachable; retrying.", TimeSpan.FromSeconds(5)),
        };

        ScaffoldStatusDecisions.Summarize(scaffold, outcome, job, Now.AddMilliseconds(300));

        scaffold.Status.Phase.Should().Be(after);
        scaffold.Status.Message.Should().Be(outcome.Message);
        scaffold.Status.CompletionTime.Should().Be(completed ? Now : null);
        scaffold.Status.Revision.Should().Be(withJob ? Revision : null);
        scaffold.Status.StartTime.Should().Be(withJob ? Now.AddSeconds(-30) : null, "the Job's start time");
    }

    [Fact]
    public void Summarize_sets_start_and_completion_times_once()
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        var job = RenderJob(scaffold, JobEnd.Running, Now);
        job.Status.StartTime = null;

        ScaffoldStatusDecisions.Summarize(scaffold, ScaffoldStatusDecisions.Rendering(scaffold, job, 0), job, Now.AddMilliseconds(900));
        scaffold.Status.StartTime.Should().Be(Now, "without a start time on the Job, now (in whole seconds)");

        var done = RenderJob(scaffold, JobEnd.Complete, Now.AddMinutes(1));
        ScaffoldStatusDecisions.Summarize(scaffold, StepOutcome.Ready(ConditionReasons.Succeeded, "Rendered."), done, Now.AddMinutes(1));
        ScaffoldStatusDecisions.Summarize(scaffold, StepOutcome.Ready(ConditionReasons.Succeeded, "Rendered."), done, Now.AddMinutes(5));

        scaffold.Status.StartTime.Should().Be(Now);
        scaffold.Status.CompletionTime.Should().Be(Now.AddMinutes(1));
        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Succeeded);
    }

    [Fact]
    public void The_whole_way_from_a_transient_fetch_failure_to_a_stored_project()
    {
        var scaffold = SandboxPodSpecs.Scaffold(s => s.TtlSecondsAfterFinished = 600);
        var template = ReadyTemplate();
        ScaffoldStatusDecisions.Admit(scaffold, template, null, out _).Should().Be(StepOutcome.Continue);

        var first = RenderJob(scaffold, JobEnd.Running, Now);
        Summarize(scaffold, ScaffoldStatusDecisions.Rendering(scaffold, first, 0), first, Now);
        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Running);

        first = RenderJob(scaffold, JobEnd.Failed, Now.AddSeconds(30));
        var failure = SandboxFailures.Of(SandboxStage.Fetch, GeneratorPayloads.Error(GeneratorReasons.SourceUnreachable, Unreachable), first.Metadata.Name);
        var waiting = Rendered(scaffold, first, 0, failure, null, Now.AddSeconds(31), out _, out var retryNow);
        Summarize(scaffold, waiting, first, Now.AddSeconds(31));
        (waiting.Kind, retryNow, scaffold.Status.Phase).Should().Be((StepOutcomeKind.Transient, false, ScaffoldPhase.Running));
        scaffold.Status.Conditions.Find(ConditionTypes.Ready)!.Reason.Should().Be(ConditionReasons.SourceUnreachable);

        Rendered(scaffold, first, 0, failure, null, Now.AddSeconds(35), out _, out retryNow).Should().Be(StepOutcome.Continue);
        retryNow.Should().BeTrue();
        var second = RenderJob(scaffold, JobEnd.Running, Now.AddSeconds(35), attempt: 1);
        second.Metadata.Name.Should().Be(first.Metadata.Name + "-r1");
        Summarize(scaffold, ScaffoldStatusDecisions.Rendering(scaffold, second, 1), second, Now.AddSeconds(35));
        scaffold.Status.Message.Should().EndWith("(attempt 2 of 5).");

        second = RenderJob(scaffold, JobEnd.Complete, Now.AddSeconds(50), attempt: 1);
        Rendered(scaffold, second, 1, null, GeneratorPayloads.RenderResult(Revision, Files).Payload, Now.AddSeconds(51), out var project, out _).Should().Be(StepOutcome.Continue);
        var stored = ScaffoldStatusDecisions.Stored(scaffold, project!, ScaffoldResultConfigMapBuilder.Build(scaffold, project!.Archive, project.Sha256), null, Now.AddSeconds(51));
        Summarize(scaffold, stored, second, Now.AddSeconds(51));

        scaffold.Status.Phase.Should().Be(ScaffoldPhase.Succeeded);
        scaffold.Status.StartTime.Should().Be(Now.AddSeconds(-30), "the first attempt's start");
        scaffold.Status.CompletionTime.Should().Be(Now.AddSeconds(51));
        scaffold.Status.Conditions.IsTrue(ConditionTypes.Ready).Should().BeTrue();
        ScaffoldStatusDecisions.Finished(scaffold, Now.AddSeconds(111))!.RequeueAfter.Should().Be(TimeSpan.FromSeconds(540));
    }
}
