using System.Net;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Events;
using DynamoMcp.Runtime.Reconcile;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.Runtime.Tests.Reconcile;

/// <summary>ReconcileSteps.RunAsync with a recording status writer and event recorder, on a real Dynamo kind.</summary>
public sealed class ReconcileStepsRunTests
{
    private readonly RecordingStatusWriter _status = new();
    private readonly RecordingEventRecorder _events = new();
    private readonly ReconcileSteps<Scaffold> _steps;

    public ReconcileStepsRunTests()
    {
        _steps = new ReconcileSteps<Scaffold>(_status, _events, new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero)), NullLogger<ReconcileSteps<Scaffold>>.Instance);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Scaffold Entity(long generation = 4) => new()
    {
        Metadata = new V1ObjectMeta { Name = "demo", NamespaceProperty = "team", Generation = generation, Uid = "uid-1" },
    };

    private static ReconcileStep<Scaffold> Returns(StepOutcome outcome, List<string>? calls = null, string name = "") => (_, _) =>
    {
        calls?.Add(name);
        return Task.FromResult(outcome);
    };

    private Task<ReconcileResult> RunAsync(Scaffold entity, StepOutcome outcome, Action<Scaffold, StepOutcome>? summarize = null) =>
        _steps.RunAsync(entity, [Returns(outcome)], summarize, Ct);

    [Theory]
    [InlineData(StepOutcomeKind.Ready)]
    [InlineData(StepOutcomeKind.Waiting)]
    [InlineData(StepOutcomeKind.Transient)]
    [InlineData(StepOutcomeKind.Stalled)]
    public async Task Steps_run_in_order_and_the_first_that_does_not_continue_decides(StepOutcomeKind kind)
    {
        var calls = new List<string>();
        var decisive = ReconcileStepsSummaryTests.Outcome(kind, "Decided", "by the third step");
        var entity = Entity();

        var result = await _steps.RunAsync(
            entity,
            [
                Returns(StepOutcome.Continue, calls, "first"),
                Returns(StepOutcome.Continue, calls, "second"),
                Returns(decisive, calls, "third"),
                Returns(StepOutcome.Ready("Never", "never"), calls, "fourth"),
            ],
            null,
            Ct);

        calls.Should().Equal("first", "second", "third");
        result.Should().Be(ReconcileSteps<Scaffold>.ToResult(decisive));
        entity.Status.Conditions.Find(ConditionTypes.Ready)!.Reason.Should().Be("Decided");
        _status.Written.Should().ContainSingle();
    }

    [Fact]
    public async Task When_every_step_continues_the_entity_is_Ready_Succeeded_and_the_result_is_Done()
    {
        var calls = new List<string>();
        var entity = Entity();

        var result = await _steps.RunAsync(entity, [Returns(StepOutcome.Continue, calls, "a"), Returns(StepOutcome.Continue, calls, "b")], null, Ct);

        calls.Should().Equal("a", "b");
        result.Should().Be(ReconcileResult.Done);
        var ready = entity.Status.Conditions.Find(ConditionTypes.Ready)!;
        ready.Status.Should().Be(ConditionStatus.True);
        ready.Reason.Should().Be(ReconcileSteps<Scaffold>.ReconciledReason);
        entity.Status.ObservedGeneration.Should().Be(4);
        _status.Written.Should().ContainSingle().Which.Conditions.Should().ContainSingle(c => c.Type == ConditionTypes.Ready);
    }

    [Fact]
    public async Task When_every_step_continues_the_Ready_event_carries_the_Succeeded_reason_the_condition_got()
    {
        var entity = Entity();

        await _steps.RunAsync(entity, [Returns(StepOutcome.Continue)], null, Ct);

        // Ready went from absent to True, so one event; its reason is the one written into the Ready condition.
        var recorded = _events.Events.Should().ContainSingle().Subject;
        recorded.Type.Should().Be(EventTypes.Normal);
        recorded.Reason.Should().Be(ReconcileSteps<Scaffold>.ReconciledReason, "an event needs an UpperCamelCase reason, never an empty one");
    }

    [Fact]
    public async Task A_throwing_step_becomes_a_transient_ReconcileError_whose_message_has_no_stack_trace()
    {
        var calls = new List<string>();
        var entity = Entity();
        InvalidOperationException? thrown = null;
        void Fail() => throw new InvalidOperationException("the template cache is not ready");

        var result = await _steps.RunAsync(
            entity,
            [
                Returns(StepOutcome.Continue, calls, "first"),
                (_, _) =>
                {
                    calls.Add("throws");
                    try
                    {
                        Fail();
                    }
                    catch (InvalidOperationException e)
                    {
                        thrown = e;
                        throw;
                    }

                    return Task.FromResult(StepOutcome.Continue);
                },
                Returns(StepOutcome.Continue, calls, "after"),
            ],
            null,
            Ct);

        calls.Should().Equal("first", "throws");
        thrown!.StackTrace.Should().NotBeNullOrEmpty();
        result.Outcome.Should().Be(ReconcileOutcome.Transient);
        result.Reason.Should().Be(ReconcileSteps<Scaffold>.ReconcileErrorReason);
        result.Error.Should().BeSameAs(thrown, "the exception goes to the log, through the result");
        result.RequeueAfterDelay.Should().BeNull("an exception is retried with the work queue's backoff");
        var ready = entity.Status.Conditions.Find(ConditionTypes.Ready)!;
        ready.Status.Should().Be(ConditionStatus.False);
        ready.Reason.Should().Be("ReconcileError");
        ready.Message.Should().Contain("InvalidOperationException").And.Contain("the template cache is not ready");
        ready.Message.Should().NotContain(" at ").And.NotContain(nameof(Fail)).And.NotContain(thrown.StackTrace!.Trim().Split('\n')[0].Trim());
        entity.Status.Conditions.Find(ConditionTypes.Reconciling)!.Reason.Should().Be(ConditionReasons.ProgressingWithRetry);
        _status.Written.Should().ContainSingle();
        var recorded = _events.Events.Should().ContainSingle().Subject;
        recorded.Type.Should().Be(EventTypes.Warning);
        recorded.Reason.Should().Be("ReconcileError");
        recorded.Message.Should().Be(ready.Message);
    }

    [Fact]
    public async Task A_failed_API_call_is_reported_by_its_status_code_never_by_the_body_it_answered()
    {
        var entity = Entity();
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { ReasonPhrase = "Service Unavailable" };
        var error = new HttpOperationException("the server said no")
        {
            Response = new HttpResponseMessageWrapper(response, "{\"message\":\"token=hunter2 echoed back\"}"),
        };

        var result = await _steps.RunAsync(entity, [(_, _) => throw error], null, Ct);

        result.Outcome.Should().Be(ReconcileOutcome.Transient);
        result.Error.Should().BeSameAs(error);
        var message = entity.Status.Conditions.Find(ConditionTypes.Ready)!.Message;
        message.Should().Contain("503").And.Contain("Service Unavailable");
        message.Should().NotContain("hunter2");
    }

    [Fact]
    public async Task An_OperationCanceledException_the_reconcile_did_not_ask_for_is_a_transient_failure_not_a_cancellation()
    {
        var entity = Entity();

        // An HTTP client timeout surfaces as TaskCanceledException while the reconcile's own token is fine.
        var result = await _steps.RunAsync(entity, [(_, _) => throw new TaskCanceledException("The request timed out.")], null, Ct);

        result.Outcome.Should().Be(ReconcileOutcome.Transient);
        result.Reason.Should().Be(ReconcileSteps<Scaffold>.ReconcileErrorReason);
        _status.Written.Should().ContainSingle();
    }

    [Theory]
    [InlineData(StepOutcomeKind.Continue)]
    [InlineData(StepOutcomeKind.Ready)]
    [InlineData(StepOutcomeKind.Waiting)]
    [InlineData(StepOutcomeKind.Transient)]
    [InlineData(StepOutcomeKind.Stalled)]
    public async Task Status_is_written_exactly_once_per_run_with_the_generation_stamped(StepOutcomeKind kind)
    {
        var entity = Entity(generation: 9);

        await RunAsync(entity, ReconcileStepsSummaryTests.Outcome(kind));
        _status.Written.Should().ContainSingle().Which.ObservedGeneration.Should().Be(9);

        await RunAsync(entity, ReconcileStepsSummaryTests.Outcome(kind));
        _status.Written.Should().HaveCount(2, "every run hands its status to the writer once (the writer skips an unchanged one)");
    }

    [Fact]
    public async Task The_same_outcome_twice_records_one_event()
    {
        var entity = Entity();

        await RunAsync(entity, StepOutcome.Ready("Rendered", "5 files"));
        await RunAsync(entity, StepOutcome.Ready("Rendered", "5 files"));
        await RunAsync(entity, StepOutcome.Ready("Rendered", "6 files, same truth and reason"));

        _events.Events.Should().ContainSingle().Which.Should().Be(new RecordedEvent("demo", EventTypes.Normal, "Rendered", "5 files"));
    }

    [Fact]
    public async Task An_event_is_recorded_only_when_Readys_truth_or_reason_changes()
    {
        var entity = Entity();

        await RunAsync(entity, StepOutcome.Waiting("Rendering", "the Job started"));
        _events.Events.Should().HaveCount(1, "Ready appeared (Unknown, Rendering)");
        _events.Events[^1].Type.Should().Be(EventTypes.Normal);

        await RunAsync(entity, StepOutcome.Transient("Rendering", "the Job's pod was evicted; retrying"));
        _events.Events.Should().HaveCount(1, "Unknown then False with the same reason is one story");
        entity.Status.Conditions.Find(ConditionTypes.Ready)!.Status.Should().Be(ConditionStatus.False);

        await RunAsync(entity, StepOutcome.Transient("SourceUnreachable", "cannot fetch the template"));
        _events.Events.Should().HaveCount(2, "the reason changed");
        _events.Events[^1].Should().Be(new RecordedEvent("demo", EventTypes.Warning, "SourceUnreachable", "cannot fetch the template"));

        await RunAsync(entity, StepOutcome.Ready("SourceUnreachable", "served from the last good revision"));
        _events.Events.Should().HaveCount(3, "Ready's truth changed, even with the same reason");
        _events.Events[^1].Type.Should().Be(EventTypes.Normal);

        await RunAsync(entity, StepOutcome.Stalled("InvalidSpec", "spec.output is missing"));
        _events.Events.Should().HaveCount(4);
        _events.Events[^1].Should().Be(new RecordedEvent("demo", EventTypes.Warning, "InvalidSpec", "spec.output is missing"));

        await RunAsync(entity, StepOutcome.Transient("InvalidSpec", "False again, same reason"));
        _events.Events.Should().HaveCount(4);
    }

    [Fact]
    public async Task The_summarize_callback_runs_once_after_the_conditions_are_set_and_before_status_is_written()
    {
        var entity = Entity(generation: 5);
        var outcome = StepOutcome.Waiting("Rendering", "the Job is running", TimeSpan.FromSeconds(20));
        var seen = new List<StepOutcome>();

        var result = await RunAsync(entity, outcome, (e, o) =>
        {
            seen.Add(o);
            e.Status.Conditions.Find(ConditionTypes.Ready)!.Reason.Should().Be("Rendering", "the conditions are set before the callback");
            e.Status.Conditions.Find(ConditionTypes.Reconciling)!.Status.Should().Be(ConditionStatus.True);
            e.Status.ObservedGeneration.Should().Be(5);
            _status.Written.Should().BeEmpty("the callback fills the status the single write sends");
            e.Status.Phase = ScaffoldPhase.Running;
            e.Status.Message = e.Status.Conditions.Find(ConditionTypes.Ready)!.Message;
        });

        seen.Should().ContainSingle().Which.Should().BeSameAs(outcome);
        var written = _status.Written.Should().ContainSingle().Subject;
        written.Phase.Should().Be(ScaffoldPhase.Running);
        written.Message.Should().Be("the Job is running");
        result.Should().Be(ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_transient_outcome_with_a_retry_time_returns_a_transient_result_carrying_it()
    {
        var entity = Entity();

        var result = await RunAsync(entity, StepOutcome.Transient("SourceUnreachable", "later", TimeSpan.FromMinutes(2)));

        result.Outcome.Should().Be(ReconcileOutcome.Transient);
        result.RequeueAfterDelay.Should().Be(TimeSpan.FromMinutes(2));
        result.Reason.Should().Be("SourceUnreachable");
    }

    [Fact]
    public async Task Cancelling_the_reconcile_inside_a_step_propagates_and_writes_nothing()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var entity = Entity();
        var summarized = false;
        var later = false;

        var act = () => _steps.RunAsync(
            entity,
            [
                (_, ct) =>
                {
                    cts.Cancel();
                    ct.ThrowIfCancellationRequested();
                    return Task.FromResult(StepOutcome.Continue);
                },
                (_, _) =>
                {
                    later = true;
                    return Task.FromResult(StepOutcome.Continue);
                },
            ],
            (_, _) => summarized = true,
            cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        later.Should().BeFalse();
        summarized.Should().BeFalse();
        _status.Written.Should().BeEmpty();
        _events.Events.Should().BeEmpty();
        entity.Status.Conditions.Should().BeEmpty("no summary was made");
    }

    [Fact]
    public async Task Cancelling_while_a_step_waits_propagates_and_writes_nothing()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entity = Entity();

        var run = _steps.RunAsync(
            entity,
            [
                async (_, ct) =>
                {
                    started.SetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                    return StepOutcome.Continue;
                },
            ],
            null,
            cts.Token);
        await started.Task.WaitAsync(Ct);
        await cts.CancelAsync();

        var act = () => run;
        await act.Should().ThrowAsync<OperationCanceledException>();
        _status.Written.Should().BeEmpty();
        _events.Events.Should().BeEmpty();
    }
}
