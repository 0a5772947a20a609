using System.Text.RegularExpressions;
using DynamoMcp.Operator.Workflows.Planning;

namespace DynamoMcp.Operator.Tests.Workflows;

public sealed partial class WorkflowRunPlannerTests
{
    private const string Run = "release";
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly PlannedStep[] Diamond =
    [
        new("a"),
        new("b") { DependsOn = ["a"] },
        new("c") { DependsOn = ["a"] },
        new("d") { DependsOn = ["b", "c"] },
    ];

    private static RunPlanInput Input(IReadOnlyList<PlannedStep> steps, params (ChildKey Key, ObservedChild Child)[] children) =>
        new(Run, steps, Now) { Children = children.ToDictionary(c => c.Key, c => c.Child) };

    private static (ChildKey, ObservedChild) Running(string step, int? item = null, int attempt = 1, int startedSecondsAgo = 10) =>
        (new ChildKey(step, item, attempt), new ObservedChild(ChildState.Running, Now.AddSeconds(-startedSecondsAgo)));

    private static (ChildKey, ObservedChild) Succeeded(string step, int? item = null, int attempt = 1) =>
        (new ChildKey(step, item, attempt), new ObservedChild(ChildState.Succeeded, Now.AddMinutes(-2), Now.AddMinutes(-1), "done"));

    private static (ChildKey, ObservedChild) Failed(string step, int? item = null, int attempt = 1, int finishedSecondsAgo = 60, string message = "exit code 1") =>
        (new ChildKey(step, item, attempt), new ObservedChild(ChildState.Failed, Now.AddMinutes(-5), Now.AddSeconds(-finishedSecondsAgo), message));

    private static StartChild Start(string step, int? item = null, int attempt = 1) => new(step, item, attempt, ChildNames.For(Run, step, item, attempt));

    private static StopChild Stop(string step, string reason, int? item = null, int attempt = 1) =>
        new(step, item, attempt, ChildNames.For(Run, step, item, attempt), reason);

    private static PlannedStepPhase[] Phases(RunPlan plan) => [.. plan.Steps.Select(s => s.Phase)];

    [Fact]
    public void A_diamond_runs_step_by_step()
    {
        var first = WorkflowRunPlanner.Plan(Input(Diamond));
        first.Actions.Should().Equal(Start("a"));
        Phases(first).Should().Equal(PlannedStepPhase.Running, PlannedStepPhase.Pending, PlannedStepPhase.Pending, PlannedStepPhase.Pending);
        first.Phase.Should().Be(PlannedRunPhase.Running);

        WorkflowRunPlanner.Plan(Input(Diamond, Running("a"))).Actions.Should().BeEmpty();

        var fork = WorkflowRunPlanner.Plan(Input(Diamond, Succeeded("a")));
        fork.Actions.Should().Equal(Start("b"), Start("c"));
        Phases(fork).Should().Equal(PlannedStepPhase.Succeeded, PlannedStepPhase.Running, PlannedStepPhase.Running, PlannedStepPhase.Pending);

        var half = WorkflowRunPlanner.Plan(Input(Diamond, Succeeded("a"), Succeeded("b"), Running("c")));
        half.Actions.Should().BeEmpty();
        half.Steps[3].Message.Should().Be("Waiting for c.");

        WorkflowRunPlanner.Plan(Input(Diamond, Succeeded("a"), Succeeded("b"), Succeeded("c"))).Actions.Should().Equal(Start("d"));

        var done = WorkflowRunPlanner.Plan(Input(Diamond, Succeeded("a"), Succeeded("b"), Succeeded("c"), Succeeded("d")));
        done.Actions.Should().BeEmpty();
        done.Phase.Should().Be(PlannedRunPhase.Succeeded);
        done.RequeueAfter.Should().BeNull();
    }

    [Fact]
    public void A_false_when_skips_the_step_and_its_dependents_and_is_asked_only_once_dependencies_finished()
    {
        PlannedStep[] steps = [new("a"), new("b") { DependsOn = ["a"] }, new("c") { DependsOn = ["b"] }, new("d") { DependsOn = ["a"] }];
        var asked = new List<string>();
        bool? When(string step)
        {
            asked.Add(step);
            return step == "b" ? false : null;
        }

        WorkflowRunPlanner.Plan(Input(steps, Running("a")) with { When = When }).Actions.Should().BeEmpty();
        asked.Should().BeEmpty();

        var plan = WorkflowRunPlanner.Plan(Input(steps, Succeeded("a")) with { When = When });

        plan.Actions.Should().Equal(
            new SkipStep("b", PlanReasons.WhenFalse, "Its when condition is false."),
            new SkipStep("c", PlanReasons.DependencySkipped, "Dependency b was skipped."),
            Start("d"));
        asked.Should().Equal("b", "d");
        Phases(plan).Should().Equal(PlannedStepPhase.Succeeded, PlannedStepPhase.Skipped, PlannedStepPhase.Skipped, PlannedStepPhase.Running);

        var done = WorkflowRunPlanner.Plan(Input(steps, Succeeded("a"), Succeeded("d")) with { When = When });
        done.Phase.Should().Be(PlannedRunPhase.Succeeded);
    }

    [Fact]
    public void A_failed_attempt_is_retried_after_a_doubling_backoff()
    {
        PlannedStep[] steps = [new("a") { Retries = 2, Backoff = TimeSpan.FromSeconds(5) }];

        var early = WorkflowRunPlanner.Plan(Input(steps, Failed("a", finishedSecondsAgo: 3)));
        early.Actions.Should().BeEmpty();
        early.RequeueAfter.Should().Be(TimeSpan.FromSeconds(2));
        early.Steps[0].Phase.Should().Be(PlannedStepPhase.Running);
        early.Phase.Should().Be(PlannedRunPhase.Running);

        var due = WorkflowRunPlanner.Plan(Input(steps, Failed("a", finishedSecondsAgo: 5)));
        due.Actions.Should().Equal(Start("a", attempt: 2));
        due.Steps[0].Attempts.Should().Be(2);

        var second = WorkflowRunPlanner.Plan(Input(steps, Failed("a", finishedSecondsAgo: 30), Failed("a", attempt: 2, finishedSecondsAgo: 1)));
        second.Actions.Should().BeEmpty();
        second.RequeueAfter.Should().Be(TimeSpan.FromSeconds(9));

        var last = WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Failed("a", attempt: 2), Failed("a", attempt: 3, message: "boom")));
        last.Actions.Should().BeEmpty();
        last.Steps[0].Should().Be(new StepPlan("a", PlannedStepPhase.Failed, 3, PlanReasons.StepFailed, "attempt 3 of 3: boom."));
        last.Phase.Should().Be(PlannedRunPhase.Failed);
        last.Message.Should().Be("Step a failed: attempt 3 of 3: boom.");
    }

    [Fact]
    public void The_backoff_doubles_up_to_its_cap()
    {
        var backoff = TimeSpan.FromSeconds(5);
        RetryBackoff.After(backoff, 1).Should().Be(TimeSpan.FromSeconds(5));
        RetryBackoff.After(backoff, 3).Should().Be(TimeSpan.FromSeconds(20));
        RetryBackoff.After(backoff, 10).Should().Be(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void An_attempt_past_its_timeout_is_stopped_and_counts_as_failed()
    {
        PlannedStep[] steps = [new("a") { Timeout = TimeSpan.FromSeconds(30) }, new("b") { DependsOn = ["a"] }];

        var inTime = WorkflowRunPlanner.Plan(Input(steps, Running("a", startedSecondsAgo: 10)));
        inTime.Actions.Should().BeEmpty();
        inTime.RequeueAfter.Should().Be(TimeSpan.FromSeconds(20));

        var late = WorkflowRunPlanner.Plan(Input(steps, Running("a", startedSecondsAgo: 31)) with { FailFast = false });
        late.Actions.Should().Equal(Stop("a", PlanReasons.Timeout), new SkipStep("b", PlanReasons.DependencyFailed, "Dependency a failed."));
        late.Steps[0].Should().Be(new StepPlan("a", PlannedStepPhase.Failed, 1, PlanReasons.StepFailed, "attempt 1 of 1: Attempt 1 timed out after 30s."));
        late.Phase.Should().Be(PlannedRunPhase.Failed);
    }

    [Fact]
    public void A_timed_out_attempt_with_retries_left_is_stopped_and_retried_after_the_backoff()
    {
        PlannedStep[] steps = [new("a") { Timeout = TimeSpan.FromSeconds(30), Retries = 1 }];

        var late = WorkflowRunPlanner.Plan(Input(steps, Running("a", startedSecondsAgo: 31)));

        late.Actions.Should().Equal(Stop("a", PlanReasons.Timeout));
        late.RequeueAfter.Should().Be(TimeSpan.FromSeconds(4));
        late.Steps[0].Phase.Should().Be(PlannedStepPhase.Running);
        WorkflowRunPlanner.Plan(Input(steps, Running("a", startedSecondsAgo: 36))).Actions.Should().Equal(Stop("a", PlanReasons.Timeout), Start("a", attempt: 2));
    }

    [Fact]
    public void A_fan_out_of_50_items_runs_5_at_a_time()
    {
        PlannedStep[] steps = [new("each") { ForEach = 50, MaxParallel = 5 }, new("after") { DependsOn = ["each"] }];

        WorkflowRunPlanner.Plan(Input(steps)).Actions.Should().Equal(Enumerable.Range(0, 5).Select(i => Start("each", i)));
        WorkflowRunPlanner.Plan(Input(steps, [.. Enumerable.Range(0, 5).Select(i => Running("each", i))])).Actions.Should().BeEmpty();

        var two = WorkflowRunPlanner.Plan(Input(steps, Succeeded("each", 0), Succeeded("each", 1), Running("each", 2), Running("each", 3), Running("each", 4)));
        two.Actions.Should().Equal(Start("each", 5), Start("each", 6));
        two.Steps[0].Message.Should().Be("2 of 50 items succeeded.");

        var all = WorkflowRunPlanner.Plan(Input(steps, [.. Enumerable.Range(0, 50).Select(i => Succeeded("each", i))]));
        all.Actions.Should().Equal(Start("after"));
        all.Steps[0].Phase.Should().Be(PlannedStepPhase.Succeeded);
    }

    [Fact]
    public void A_fan_out_fails_when_an_item_fails_after_its_retries_once_the_others_finish()
    {
        PlannedStep[] steps = [new("each") { ForEach = 3 }];
        var input = Input(steps, Failed("each", 1), Running("each", 0), Running("each", 2)) with { FailFast = false };

        WorkflowRunPlanner.Plan(input).Steps[0].Phase.Should().Be(PlannedStepPhase.Running);

        var done = WorkflowRunPlanner.Plan(Input(steps, Failed("each", 1), Succeeded("each", 0), Succeeded("each", 2)));
        done.Steps[0].Should().Be(new StepPlan("each", PlannedStepPhase.Failed, 1, PlanReasons.StepFailed, "item 1, attempt 1 of 1: exit code 1."));
        done.Phase.Should().Be(PlannedRunPhase.Failed);
    }

    [Fact]
    public void Zero_items_succeed_without_children()
    {
        PlannedStep[] steps = [new("each") { ForEach = 0 }, new("after") { DependsOn = ["each"] }];

        var plan = WorkflowRunPlanner.Plan(Input(steps));

        plan.Actions.Should().Equal(Start("after"));
        plan.Steps[0].Should().Be(new StepPlan("each", PlannedStepPhase.Succeeded, 0, PlanReasons.NoItems, "No items to run."));
    }

    [Fact]
    public void Run_level_parallelism_bounds_children_across_steps_and_items()
    {
        PlannedStep[] steps = [new("a"), new("b") { ForEach = 3 }, new("c")];

        var first = WorkflowRunPlanner.Plan(Input(steps) with { Parallelism = 2 });
        first.Actions.Should().Equal(Start("a"), Start("b", 0));
        Phases(first).Should().Equal(PlannedStepPhase.Running, PlannedStepPhase.Running, PlannedStepPhase.Pending);

        WorkflowRunPlanner.Plan(Input(steps, Running("a"), Running("b", 0)) with { Parallelism = 2 }).Actions.Should().BeEmpty();
        WorkflowRunPlanner.Plan(Input(steps, Succeeded("a"), Running("b", 0)) with { Parallelism = 2 }).Actions.Should().Equal(Start("b", 1));
    }

    [Fact]
    public void Fail_fast_starts_nothing_new_after_a_failure_and_lets_running_steps_finish()
    {
        PlannedStep[] steps = [new("a"), new("b"), new("c") { DependsOn = ["b"] }, new("d") { DependsOn = ["a"] }];

        var plan = WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Running("b")));

        plan.Actions.Should().Equal(
            new SkipStep("c", PlanReasons.FailFast, "Not started: step a failed and failFast is on."),
            new SkipStep("d", PlanReasons.FailFast, "Not started: step a failed and failFast is on."));
        plan.Phase.Should().Be(PlannedRunPhase.Running);

        var done = WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Succeeded("b")));
        done.Actions.OfType<StartChild>().Should().BeEmpty();
        done.Phase.Should().Be(PlannedRunPhase.Failed);
        done.Message.Should().Be("Step a failed: attempt 1 of 1: exit code 1.");
    }

    [Fact]
    public void Run_to_completion_runs_every_branch_the_failure_does_not_block()
    {
        PlannedStep[] steps = [new("a"), new("b"), new("c") { DependsOn = ["b"] }, new("d") { DependsOn = ["a"] }];

        var plan = WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Succeeded("b")) with { FailFast = false });

        plan.Actions.Should().Equal(Start("c"), new SkipStep("d", PlanReasons.DependencyFailed, "Dependency a failed."));
        plan.Phase.Should().Be(PlannedRunPhase.Running);
        WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Succeeded("b"), Succeeded("c")) with { FailFast = false }).Phase.Should().Be(PlannedRunPhase.Failed);
    }

    [Fact]
    public void A_failure_with_continue_on_error_lets_dependents_run_and_the_run_succeed()
    {
        PlannedStep[] steps = [new("a") { ContinueOnError = true }, new("b") { DependsOn = ["a"] }];

        WorkflowRunPlanner.Plan(Input(steps, Failed("a"))).Actions.Should().Equal(Start("b"));
        WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Succeeded("b"))).Phase.Should().Be(PlannedRunPhase.Succeeded);
    }

    [Fact]
    public void Finally_runs_after_a_failure_once_nothing_else_runs()
    {
        PlannedStep[] steps = [new("a"), new("b"), new("cleanup") { IsFinally = true, DependsOn = ["a"] }];

        var waiting = WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Running("b")));
        waiting.Actions.Should().BeEmpty();
        waiting.Steps[2].Message.Should().Be("Finally step: waiting for b.");

        var plan = WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Succeeded("b")));
        plan.Actions.Should().Equal(Start("cleanup"));
        plan.Phase.Should().Be(PlannedRunPhase.Running);

        var done = WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Succeeded("b"), Succeeded("cleanup")));
        done.Phase.Should().Be(PlannedRunPhase.Failed);
        done.Message.Should().StartWith("Step a failed");
    }

    [Fact]
    public void Finally_runs_after_success_and_its_failure_fails_the_run()
    {
        PlannedStep[] steps = [new("notify") { IsFinally = true }, new("a")];

        WorkflowRunPlanner.Plan(Input(steps)).Actions.Should().Equal(Start("a"));
        WorkflowRunPlanner.Plan(Input(steps, Succeeded("a"))).Actions.Should().Equal(Start("notify"));
        WorkflowRunPlanner.Plan(Input(steps, Succeeded("a"), Running("notify"))).Phase.Should().Be(PlannedRunPhase.Running);
        WorkflowRunPlanner.Plan(Input(steps, Succeeded("a"), Succeeded("notify"))).Phase.Should().Be(PlannedRunPhase.Succeeded);
        WorkflowRunPlanner.Plan(Input(steps, Succeeded("a"), Failed("notify"))).Message.Should().Be("Step notify failed: attempt 1 of 1: exit code 1.");
    }

    [Fact]
    public void Cancel_stops_every_running_child_and_starts_nothing()
    {
        PlannedStep[] steps = [new("a"), new("b") { ForEach = 3 }, new("c") { DependsOn = ["a"] }, new("f") { IsFinally = true }];
        var input = Input(steps, Running("a"), Running("b", 0), Succeeded("b", 1), Running("b", 2)) with { CancelRequested = true };

        var plan = WorkflowRunPlanner.Plan(input);

        plan.Actions.Should().Equal(
            Stop("a", PlanReasons.Cancelled),
            Stop("b", PlanReasons.Cancelled, 0),
            Stop("b", PlanReasons.Cancelled, 2),
            new SkipStep("c", PlanReasons.Cancelled, "Not started: the run was cancelled."),
            new SkipStep("f", PlanReasons.Cancelled, "Not started: the run was cancelled."));
        plan.Phase.Should().Be(PlannedRunPhase.Running);
        plan.Reason.Should().Be(PlanReasons.Cancelled);

        var stopped = WorkflowRunPlanner.Plan(Input(steps, Failed("a"), Failed("b", 0), Succeeded("b", 1), Failed("b", 2)) with { CancelRequested = true });
        stopped.Actions.OfType<StartChild>().Should().BeEmpty();
        stopped.Actions.OfType<StopChild>().Should().BeEmpty();
        (stopped.Phase, stopped.Reason).Should().Be((PlannedRunPhase.Failed, PlanReasons.Cancelled));
    }

    [Fact]
    public void Past_the_deadline_the_run_stops_as_on_cancel()
    {
        PlannedStep[] steps = [new("a"), new("b") { DependsOn = ["a"] }];

        var before = WorkflowRunPlanner.Plan(Input(steps, Running("a")) with { Deadline = Now.AddMinutes(1) });
        before.Actions.Should().BeEmpty();
        before.RequeueAfter.Should().Be(TimeSpan.FromMinutes(1));

        var past = WorkflowRunPlanner.Plan(Input(steps, Running("a")) with { Deadline = Now.AddSeconds(-1) });
        past.Actions.Should().Equal(Stop("a", PlanReasons.DeadlineExceeded), new SkipStep("b", PlanReasons.DeadlineExceeded, "Not started: the run's deadline passed."));

        var over = WorkflowRunPlanner.Plan(Input(steps, Failed("a")) with { Deadline = Now.AddSeconds(-1) });
        (over.Phase, over.Reason, over.Message).Should().Be((PlannedRunPhase.Failed, PlanReasons.DeadlineExceeded, "The run's deadline passed."));
    }

    [Fact]
    public void Child_names_are_deterministic_dns_labels_of_at_most_63_characters()
    {
        ChildNames.For("release", "build", null, 1).Should().Be("release-build-1");
        ChildNames.For("release", "build", 12, 3).Should().Be("release-build-12-3");

        var run = new string('r', 60);
        var name = ChildNames.For(run, "publish-artifacts", 49, 10);
        name.Should().HaveLength(63).And.MatchRegex(DnsLabel().ToString()).And.EndWith("-49-10");
        name.Should().Be(ChildNames.For(run, "publish-artifacts", 49, 10));
        name.Should().NotBe(ChildNames.For(run, "publish-artifactz", 49, 10), "names that differ past the cut differ by their hash");
        ChildNames.For("Release.v2", "build", null, 1).Should().MatchRegex(DnsLabel().ToString()).And.StartWith("release-v2-build-");
    }

    [Fact]
    public void The_same_input_gives_the_same_plan()
    {
        PlannedStep[] steps = [.. Diamond, new("each") { ForEach = 20, MaxParallel = 4, DependsOn = ["a"] }, new("f") { IsFinally = true }];
        var input = Input(steps, Succeeded("a"), Running("each", 3)) with { Parallelism = 4 };

        var one = WorkflowRunPlanner.Plan(input);
        var two = WorkflowRunPlanner.Plan(input);

        one.Actions.Should().Equal(Start("b"), Start("c"), Start("each", 0));
        two.Actions.Should().Equal(one.Actions);
        two.Steps.Should().Equal(one.Steps);
        (two.Phase, two.Reason, two.Message, two.RequeueAfter).Should().Be((one.Phase, one.Reason, one.Message, one.RequeueAfter));
    }

    [Fact]
    public void A_step_whose_inputs_are_not_collected_yet_waits_and_its_when_is_not_asked()
    {
        PlannedStep[] steps = [new("a"), new("b") { DependsOn = ["a"] }];
        var asked = new List<string>();
        var input = Input(steps, Succeeded("a")) with
        {
            InputsKnown = s => s != "b",
            When = s => { asked.Add(s); return true; },
        };

        var plan = WorkflowRunPlanner.Plan(input);

        plan.Actions.Should().BeEmpty();
        (plan.Steps[1].Phase, plan.Steps[1].Message).Should().Be((PlannedStepPhase.Pending, "Waiting for the outputs of the steps it reads."));
        plan.Phase.Should().Be(PlannedRunPhase.Running);
        asked.Should().BeEmpty("a has started, and b waits for its inputs");

        WorkflowRunPlanner.Plan(input with { InputsKnown = _ => true }).Actions.Should().Equal(Start("b"));
        asked.Should().Equal("b");
    }

    [Fact]
    public void An_abort_stops_the_run_as_a_cancel_does_with_its_message()
    {
        PlannedStep[] steps = [new("a"), new("b"), new("c") { DependsOn = ["a"] }];

        var plan = WorkflowRunPlanner.Plan(Input(steps, Succeeded("a"), Running("b")) with { Abort = "step c: when: no such key: rev." });

        plan.Actions.Should().Equal(Stop("b", PlanReasons.ExpressionFailed), new SkipStep("c", PlanReasons.ExpressionFailed, "Not started: the run was stopped: step c: when: no such key: rev."));
        var stopped = WorkflowRunPlanner.Plan(Input(steps, Succeeded("a"), Failed("b")) with { Abort = "step c: when: no such key: rev." });
        (stopped.Phase, stopped.Reason, stopped.Message).Should().Be((PlannedRunPhase.Failed, PlanReasons.ExpressionFailed, "The run was stopped: step c: when: no such key: rev."));
    }

    [Fact]
    public void A_cycle_is_refused_with_the_steps_named()
    {
        PlannedStep[] steps = [new("a") { DependsOn = ["b"] }, new("b") { DependsOn = ["a"] }];

        var plan = () => WorkflowRunPlanner.Plan(Input(steps));

        plan.Should().Throw<ArgumentException>().WithMessage("Steps a, b depend on each other in a cycle*");
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
