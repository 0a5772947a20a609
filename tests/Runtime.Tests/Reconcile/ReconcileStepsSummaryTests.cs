using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Reconcile;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.Runtime.Tests.Reconcile;

/// <summary>The pure parts of reconcile steps: which conditions an outcome stands for, and what the runtime does after it.</summary>
public sealed class ReconcileStepsSummaryTests
{
    private static readonly DateTimeOffset Now = new(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);

    internal static StepOutcome Outcome(StepOutcomeKind kind, string reason = "SomeReason", string message = "what happened", TimeSpan? after = null, Exception? error = null) =>
        kind switch
        {
            StepOutcomeKind.Continue => StepOutcome.Continue,
            StepOutcomeKind.Ready => StepOutcome.Ready(reason, message, after),
            StepOutcomeKind.Waiting => StepOutcome.Waiting(reason, message, after),
            StepOutcomeKind.Transient => StepOutcome.Transient(reason, message, after, error),
            StepOutcomeKind.Stalled => StepOutcome.Stalled(reason, message, after),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

    /// <summary>A status that has each condition in the state no outcome leaves it in, from an older generation.</summary>
    private static ScaffoldStatus Seeded()
    {
        var clock = new FakeTimeProvider(Now - TimeSpan.FromHours(1));
        var status = new ScaffoldStatus { ObservedGeneration = 1 };
        status.Conditions.Set(ConditionTypes.Ready, ConditionStatus.True, "Old", "old", 1, clock);
        status.Conditions.Set(ConditionTypes.Reconciling, ConditionStatus.False, "Old", "old", 1, clock);
        status.Conditions.Set(ConditionTypes.Stalled, ConditionStatus.False, "Old", "old", 1, clock);
        return status;
    }

    [Theory]
    // kind,                      Ready,                   Ready reason,           Reconciling (reason) or null,  Stalled (reason) or null
    [InlineData(StepOutcomeKind.Continue, ConditionStatus.True, "Succeeded", null, null)]
    [InlineData(StepOutcomeKind.Ready, ConditionStatus.True, "SomeReason", null, null)]
    [InlineData(StepOutcomeKind.Waiting, ConditionStatus.Unknown, "SomeReason", "SomeReason", null)]
    [InlineData(StepOutcomeKind.Transient, ConditionStatus.False, "SomeReason", "ProgressingWithRetry", null)]
    [InlineData(StepOutcomeKind.Stalled, ConditionStatus.False, "SomeReason", null, "SomeReason")]
    public void Summarize_sets_the_kstatus_conditions_of_each_outcome_and_stamps_the_generation(
        StepOutcomeKind kind, string ready, string readyReason, string? reconcilingReason, string? stalledReason)
    {
        foreach (var (status, origin) in new[] { (new ScaffoldStatus(), "an empty status"), (Seeded(), "a status of an older generation") })
        {
            var outcome = Outcome(kind);

            ReconcileSteps<Scaffold>.Summarize(status, 7, outcome, new FakeTimeProvider(Now));

            status.ObservedGeneration.Should().Be(7, origin);
            var readyCondition = status.Conditions.Find(ConditionTypes.Ready);
            readyCondition.Should().NotBeNull(origin);
            readyCondition!.Status.Should().Be(ready, origin);
            readyCondition.Reason.Should().Be(readyReason, origin);
            readyCondition.Message.Should().Be(outcome.Message, origin);
            AssertCondition(status, ConditionTypes.Reconciling, reconcilingReason, outcome.Message, origin);
            AssertCondition(status, ConditionTypes.Stalled, stalledReason, outcome.Message, origin);
            status.Conditions.Should().OnlyContain(c => c.ObservedGeneration == 7, $"every condition describes generation 7 ({origin})");
            status.Conditions.Select(c => c.Type).Should().OnlyHaveUniqueItems(origin);
        }
    }

    private static void AssertCondition(ScaffoldStatus status, string type, string? reason, string message, string origin)
    {
        var condition = status.Conditions.Find(type);
        if (reason is null)
        {
            condition.Should().BeNull($"{type} is removed ({origin})");
            return;
        }

        condition.Should().NotBeNull(origin);
        condition!.Status.Should().Be(ConditionStatus.True, origin);
        condition.Reason.Should().Be(reason, origin);
        condition.Message.Should().Be(message, origin);
    }

    [Fact]
    public void Summarize_moves_lastTransitionTime_only_when_a_condition_changes_status()
    {
        var status = new ScaffoldStatus();
        ReconcileSteps<Scaffold>.Summarize(status, 1, StepOutcome.Waiting("Rendering", "started"), new FakeTimeProvider(Now));
        var first = status.Conditions.Find(ConditionTypes.Ready)!.LastTransitionTime;

        ReconcileSteps<Scaffold>.Summarize(status, 1, StepOutcome.Waiting("Rendering", "still running"), new FakeTimeProvider(Now + TimeSpan.FromMinutes(1)));
        status.Conditions.Find(ConditionTypes.Ready)!.LastTransitionTime.Should().Be(first, "Ready stayed Unknown");

        ReconcileSteps<Scaffold>.Summarize(status, 2, StepOutcome.Ready("Rendered", "done"), new FakeTimeProvider(Now + TimeSpan.FromMinutes(2)));
        status.Conditions.Find(ConditionTypes.Ready)!.LastTransitionTime.Should().Be((Now + TimeSpan.FromMinutes(2)).UtcDateTime);
        status.ObservedGeneration.Should().Be(2);
    }

    [Theory]
    // kind,                         delay (s), expected outcome,              expected delay (s)
    [InlineData(StepOutcomeKind.Continue, null, ReconcileOutcome.Done, null)]
    [InlineData(StepOutcomeKind.Ready, null, ReconcileOutcome.Done, null)]
    [InlineData(StepOutcomeKind.Ready, 300, ReconcileOutcome.RequeueAfter, 300)]
    [InlineData(StepOutcomeKind.Waiting, null, ReconcileOutcome.Done, null)]
    [InlineData(StepOutcomeKind.Waiting, 30, ReconcileOutcome.RequeueAfter, 30)]
    [InlineData(StepOutcomeKind.Transient, null, ReconcileOutcome.Transient, null)]
    [InlineData(StepOutcomeKind.Transient, 10, ReconcileOutcome.Transient, 10)]
    [InlineData(StepOutcomeKind.Stalled, null, ReconcileOutcome.Stalled, null)]
    [InlineData(StepOutcomeKind.Stalled, 3600, ReconcileOutcome.RequeueAfter, 3600)]
    public void ToResult_maps_each_outcome_to_what_the_runtime_does(StepOutcomeKind kind, int? delaySeconds, ReconcileOutcome expected, int? expectedSeconds)
    {
        var outcome = Outcome(kind, after: delaySeconds is { } s ? TimeSpan.FromSeconds(s) : null);

        var result = ReconcileSteps<Scaffold>.ToResult(outcome);

        result.Outcome.Should().Be(expected);
        result.RequeueAfterDelay.Should().Be(expectedSeconds is { } e ? TimeSpan.FromSeconds(e) : null);
        if (expected is ReconcileOutcome.Transient or ReconcileOutcome.Stalled)
        {
            result.Reason.Should().Be("SomeReason", "the log and the metrics name the reason");
        }
    }

    [Fact]
    public void A_transient_result_carries_the_outcomes_error_and_retry_time()
    {
        var error = new HttpRequestException("connection refused");

        var result = ReconcileSteps<Scaffold>.ToResult(StepOutcome.Transient("SourceUnreachable", "cannot reach", TimeSpan.FromSeconds(42), error));

        result.Should().Be(ReconcileResult.Transient("SourceUnreachable", error, TimeSpan.FromSeconds(42)));
        result.Error.Should().BeSameAs(error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_delay_already_due_becomes_a_prompt_one_second_look_never_zero_or_negative(int seconds)
    {
        var delay = TimeSpan.FromSeconds(seconds);
        foreach (var kind in new[] { StepOutcomeKind.Ready, StepOutcomeKind.Waiting, StepOutcomeKind.Transient, StepOutcomeKind.Stalled })
        {
            var outcome = Outcome(kind, after: delay);

            outcome.RequeueAfter.Should().Be(TimeSpan.FromSeconds(1), kind.ToString());
            ReconcileSteps<Scaffold>.ToResult(outcome).RequeueAfterDelay.Should().Be(TimeSpan.FromSeconds(1), "ReconcileResult rejects non-positive delays");
        }
    }

    [Fact]
    public void Every_outcome_but_Continue_needs_a_reason()
    {
        foreach (var kind in new[] { StepOutcomeKind.Ready, StepOutcomeKind.Waiting, StepOutcomeKind.Transient, StepOutcomeKind.Stalled })
        {
            var act = () => Outcome(kind, reason: " ");
            act.Should().Throw<ArgumentException>(kind.ToString());
        }

        StepOutcome.Continue.Reason.Should().BeEmpty();
        StepOutcome.Ready("R", "m").IsTerminal.Should().BeTrue();
        StepOutcome.Stalled("R", "m").IsTerminal.Should().BeTrue();
        StepOutcome.Waiting("R", "m").IsTerminal.Should().BeFalse();
        StepOutcome.Transient("R", "m").IsTerminal.Should().BeFalse();
    }

    [Fact]
    public void The_conditions_a_summary_writes_survive_a_round_trip_through_JSON_unchanged()
    {
        // The status writer compares against the cached object: second-precision times keep "changed?" stable.
        var status = new ScaffoldStatus();
        ReconcileSteps<Scaffold>.Summarize(status, 3, StepOutcome.Transient("SourceUnreachable", "x"), new FakeTimeProvider(Now + TimeSpan.FromMilliseconds(789)));
        var copy = k8s.KubernetesJson.Deserialize<ScaffoldStatus>(k8s.KubernetesJson.Serialize(status));

        copy.Conditions.Should().BeEquivalentTo(status.Conditions);
        status.Conditions.Should().OnlyContain(c => c.LastTransitionTime == Now.UtcDateTime);
    }
}
