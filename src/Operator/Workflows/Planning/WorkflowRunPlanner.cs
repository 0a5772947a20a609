using System.Globalization;

namespace DynamoMcp.Operator.Workflows.Planning;

/// <summary>
/// The WorkflowRun engine's decisions, pure: from the steps, the policies, the time and the observed children, the
/// children to start or stop, the steps to skip, when to look again, and how every step and the run stand. No client,
/// no clock: the same input gives the same plan, with the same child names in the same order.
/// </summary>
public static class WorkflowRunPlanner
{
    public static RunPlan Plan(RunPlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var byName = Validate(input.Steps);
        var units = input.Steps.ToDictionary(s => s.Name, s => Units(input, s), StringComparer.Ordinal);
        var stopping = input.CancelRequested ? PlanReasons.Cancelled
            : input.Abort is not null ? PlanReasons.ExpressionFailed
            : input.Deadline is { } deadline && input.Now >= deadline ? PlanReasons.DeadlineExceeded
            : null;
        var failed = input.Steps.FirstOrDefault(s => !s.IsFinally && !s.ContinueOnError
            && units[s.Name].Any(u => u.Status is UnitStatus.Failed or UnitStatus.TimedOut));
        var state = new PlanState(input, byName, stopping, input.FailFast ? failed?.Name : null)
        {
            Active = units.Values.Sum(us => us.Count(u => u.Status == UnitStatus.Active)),
        };

        foreach (var step in Order(input.Steps))
        {
            state.Phases[step.Name] = stopping is null ? Evaluate(state, step, units[step.Name]) : Stop(state, step, units[step.Name], stopping);
        }

        var steps = input.Steps.Select(s => state.Phases[s.Name]).ToList();
        var (phase, reason, message) = RunPhase(input, state, steps);
        if (phase is PlannedRunPhase.Pending or PlannedRunPhase.Running && stopping is null && input.Deadline is { } until)
        {
            state.RequeueAt(until);
        }

        return new RunPlan(state.Actions, state.Requeue, steps, phase, reason, message);
    }

    private static StepPlan Evaluate(PlanState state, PlannedStep step, IReadOnlyList<UnitObservation> units)
    {
        var input = state.Input;
        foreach (var unit in units.Where(u => u.NeedsTimeoutStop))
        {
            state.Actions.Add(new StopChild(step.Name, unit.Item, unit.Attempt, Name(input, step, unit.Item, unit.Attempt), PlanReasons.Timeout));
        }

        var started = units.Any(u => u.Attempt > 0);
        var held = state.FailedFast is not null && !step.IsFinally;
        if (!started)
        {
            if (held)
            {
                return Skip(state, step, PlanReasons.FailFast, $"Not started: step {state.FailedFast} failed and failFast is on.");
            }

            if (Gate(state, step) is { } gate)
            {
                return gate.Reason is null
                    ? new StepPlan(step.Name, PlannedStepPhase.Pending, 0, PlanReasons.Pending, gate.Message)
                    : Skip(state, step, gate.Reason, gate.Message);
            }

            if (input.InputsKnown?.Invoke(step.Name) == false)
            {
                return new StepPlan(step.Name, PlannedStepPhase.Pending, 0, PlanReasons.Pending, "Waiting for the outputs of the steps it reads.");
            }

            if (input.When?.Invoke(step.Name) == false)
            {
                return Skip(state, step, PlanReasons.WhenFalse, "Its when condition is false.");
            }

            if (step.ForEach == 0)
            {
                return new StepPlan(step.Name, PlannedStepPhase.Succeeded, 0, PlanReasons.NoItems, "No items to run.");
            }
        }

        var stepActive = units.Count(u => u.Status == UnitStatus.Active);
        var startedNow = 0;
        var waiting = false;
        var attempts = units.Max(u => u.Attempt);
        foreach (var unit in units)
        {
            if (unit is { Status: UnitStatus.Active, TimesOutAt: { } timesOutAt })
            {
                state.RequeueAt(timesOutAt);
            }

            int next;
            if (unit.Status == UnitStatus.NotStarted)
            {
                next = 1;
            }
            else if (unit is { Status: UnitStatus.RetryWaiting, RetryAt: { } retryAt })
            {
                if (held)
                {
                    continue;
                }

                if (retryAt > input.Now)
                {
                    state.RequeueAt(retryAt);
                    waiting = true;
                    continue;
                }

                next = unit.Attempt + 1;
            }
            else
            {
                continue;
            }

            if (held)
            {
                continue;
            }

            if (step.MaxParallel is { } most && stepActive >= most || input.Parallelism is { } limit && state.Active >= limit)
            {
                waiting = true;
                continue;
            }

            state.Actions.Add(new StartChild(step.Name, unit.Item, next, Name(input, step, unit.Item, next)));
            stepActive++;
            state.Active++;
            startedNow++;
            attempts = Math.Max(attempts, next);
        }

        if (stepActive > 0 || waiting)
        {
            var running = started || startedNow > 0;
            return new StepPlan(step.Name, running ? PlannedStepPhase.Running : PlannedStepPhase.Pending, attempts,
                running ? PlanReasons.Running : PlanReasons.Pending, Progress(step, units, running));
        }

        var failure = units.FirstOrDefault(u => u.Status is UnitStatus.Failed or UnitStatus.TimedOut or UnitStatus.RetryWaiting);
        if (failure is not null)
        {
            return new StepPlan(step.Name, PlannedStepPhase.Failed, attempts, PlanReasons.StepFailed, Failure(step, failure));
        }

        if (units.All(u => u.Status == UnitStatus.Succeeded))
        {
            return new StepPlan(step.Name, PlannedStepPhase.Succeeded, attempts, PlanReasons.Succeeded, Progress(step, units, true));
        }

        // Items left unstarted because another step failed under failFast.
        return new StepPlan(step.Name, PlannedStepPhase.Failed, attempts, PlanReasons.FailFast,
            $"{Progress(step, units, true)} The rest were not started: step {state.FailedFast} failed and failFast is on.");
    }

    private static StepPlan Stop(PlanState state, PlannedStep step, IReadOnlyList<UnitObservation> units, string reason)
    {
        var stopping = units.Where(u => u.Status == UnitStatus.Active || u.NeedsTimeoutStop).ToList();
        foreach (var unit in stopping)
        {
            state.Actions.Add(new StopChild(step.Name, unit.Item, unit.Attempt, Name(state.Input, step, unit.Item, unit.Attempt), reason));
        }

        var attempts = units.Max(u => u.Attempt);
        var sentence = Why(state.Input, reason);
        var why = char.ToLowerInvariant(sentence[0]) + sentence[1..];
        if (attempts == 0)
        {
            return step.ForEach == 0
                ? new StepPlan(step.Name, PlannedStepPhase.Succeeded, 0, PlanReasons.NoItems, "No items to run.")
                : Skip(state, step, reason, $"Not started: {why}.");
        }

        if (stopping.Count > 0)
        {
            return new StepPlan(step.Name, PlannedStepPhase.Running, attempts, reason, $"Stopping {stopping.Count} running: {why}.");
        }

        if (units.All(u => u.Status == UnitStatus.Succeeded))
        {
            return new StepPlan(step.Name, PlannedStepPhase.Succeeded, attempts, PlanReasons.Succeeded, Progress(step, units, true));
        }

        var failure = units.FirstOrDefault(u => u.Status is UnitStatus.Failed or UnitStatus.RetryWaiting);
        return failure is not null
            ? new StepPlan(step.Name, PlannedStepPhase.Failed, attempts, PlanReasons.StepFailed, Failure(step, failure))
            : new StepPlan(step.Name, PlannedStepPhase.Failed, attempts, reason, $"{Progress(step, units, true)} Stopped: {why}.");
    }

    /// <summary>Null when the step may start; else why not: waiting (no reason) or never (a skip reason).</summary>
    private static (string? Reason, string Message)? Gate(PlanState state, PlannedStep step)
    {
        string? waitingFor = null;
        foreach (var dependency in step.DependsOn)
        {
            var other = state.ByName[dependency];
            if (step.IsFinally && !other.IsFinally)
            {
                continue;
            }

            switch (state.Phases[dependency].Phase)
            {
                case PlannedStepPhase.Skipped:
                    return (PlanReasons.DependencySkipped, $"Dependency {dependency} was skipped.");
                case PlannedStepPhase.Failed when !other.ContinueOnError:
                    return (PlanReasons.DependencyFailed, $"Dependency {dependency} failed.");
                case PlannedStepPhase.Pending or PlannedStepPhase.Running:
                    waitingFor ??= dependency;
                    break;
            }
        }

        if (waitingFor is not null)
        {
            return (null, $"Waiting for {waitingFor}.");
        }

        if (step.IsFinally && state.Input.Steps.FirstOrDefault(s => !s.IsFinally
                && state.Phases[s.Name].Phase is PlannedStepPhase.Pending or PlannedStepPhase.Running) is { } busy)
        {
            return (null, $"Finally step: waiting for {busy.Name}.");
        }

        return null;
    }

    private static (PlannedRunPhase Phase, string Reason, string Message) RunPhase(RunPlanInput input, PlanState state, IReadOnlyList<StepPlan> steps)
    {
        var busy = steps.Where(s => s.Phase is PlannedStepPhase.Pending or PlannedStepPhase.Running).ToList();
        if (state.Stopping is { } reason)
        {
            var why = Why(input, reason);
            var running = steps.Where(s => s.Phase == PlannedStepPhase.Running).Select(s => s.Name).ToList();
            return running.Count > 0
                ? (PlannedRunPhase.Running, reason, $"{why}: stopping {string.Join(", ", running)}.")
                : (PlannedRunPhase.Failed, reason, $"{why}.");
        }

        if (busy.Count > 0)
        {
            var nothingYet = input.Children.Count == 0 && !state.Actions.OfType<StartChild>().Any();
            var running = busy.Where(s => s.Phase == PlannedStepPhase.Running).Select(s => s.Name).ToList();
            return nothingYet
                ? (PlannedRunPhase.Pending, PlanReasons.Pending, "No step started yet.")
                : (PlannedRunPhase.Running, PlanReasons.Running, running.Count > 0 ? $"Running: {string.Join(", ", running)}." : "Waiting to start steps.");
        }

        var failed = steps.FirstOrDefault(s => s.Phase == PlannedStepPhase.Failed && !state.ByName[s.Name].ContinueOnError);
        return failed is not null
            ? (PlannedRunPhase.Failed, PlanReasons.StepFailed, $"Step {failed.Name} failed: {failed.Message}")
            : (PlannedRunPhase.Succeeded, PlanReasons.Succeeded, $"All {steps.Count} steps finished.");
    }

    private static string Why(RunPlanInput input, string reason) => reason switch
    {
        PlanReasons.Cancelled => "The run was cancelled",
        PlanReasons.ExpressionFailed => $"The run was stopped: {input.Abort!.TrimEnd('.')}",
        _ => "The run's deadline passed",
    };

    private static StepPlan Skip(PlanState state, PlannedStep step, string reason, string message)
    {
        state.Actions.Add(new SkipStep(step.Name, reason, message));
        return new StepPlan(step.Name, PlannedStepPhase.Skipped, 0, reason, message);
    }

    private static List<UnitObservation> Units(RunPlanInput input, PlannedStep step) => step.ForEach is { } count
        ? [.. Enumerable.Range(0, count).Select(i => UnitObservation.Read(input, step, i))]
        : [UnitObservation.Read(input, step, null)];

    private static string Name(RunPlanInput input, PlannedStep step, int? item, int attempt) => ChildNames.For(input.RunName, step.Name, item, attempt);

    private static string Failure(PlannedStep step, UnitObservation unit)
    {
        var which = unit.Item is { } item ? $"item {item.ToString(CultureInfo.InvariantCulture)}, " : "";
        return $"{which}attempt {unit.Attempt} of {step.Retries + 1}: {unit.Message ?? "failed"}".TrimEnd('.') + ".";
    }

    private static string Progress(PlannedStep step, IReadOnlyList<UnitObservation> units, bool started)
    {
        if (step.ForEach is not { } count)
        {
            return started ? $"Attempt {units[0].Attempt} of {step.Retries + 1}." : "Waiting to start.";
        }

        var done = units.Count(u => u.Status == UnitStatus.Succeeded);
        return $"{done.ToString(CultureInfo.InvariantCulture)} of {count.ToString(CultureInfo.InvariantCulture)} items succeeded.";
    }

    /// <summary>Non-finally steps first, then finally steps, each group dependencies first, ties in input order.</summary>
    private static List<PlannedStep> Order(IReadOnlyList<PlannedStep> steps)
    {
        var order = new List<PlannedStep>(steps.Count);
        foreach (var group in new[] { steps.Where(s => !s.IsFinally).ToList(), steps.Where(s => s.IsFinally).ToList() })
        {
            var placed = new HashSet<string>(order.Select(s => s.Name), StringComparer.Ordinal);
            var left = group;
            while (left.Count > 0)
            {
                var next = left.FirstOrDefault(s => s.DependsOn.All(d => placed.Contains(d) || (s.IsFinally && !group.Any(g => g.Name == d))))
                    ?? throw new ArgumentException($"Steps {string.Join(", ", left.Select(s => s.Name))} depend on each other in a cycle; remove one dependsOn.", nameof(steps));
                order.Add(next);
                placed.Add(next.Name);
                left = [.. left.Where(s => !ReferenceEquals(s, next))];
            }
        }

        return order;
    }

    private static Dictionary<string, PlannedStep> Validate(IReadOnlyList<PlannedStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var byName = new Dictionary<string, PlannedStep>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (!byName.TryAdd(step.Name, step))
            {
                throw new ArgumentException($"Two steps are named {step.Name}; step names must be unique.", nameof(steps));
            }

            if (step.Retries is < 0 or > 10 || step.ForEach < 0 || step.MaxParallel < 1)
            {
                throw new ArgumentException($"Step {step.Name}: retries must be 0..10, forEach at least 0 and maxParallel at least 1.", nameof(steps));
            }
        }

        foreach (var step in steps)
        {
            foreach (var dependency in step.DependsOn)
            {
                if (!byName.TryGetValue(dependency, out var other))
                {
                    throw new ArgumentException($"Step {step.Name} depends on {dependency}, which is not a step.", nameof(steps));
                }

                if (other.IsFinally && !step.IsFinally)
                {
                    throw new ArgumentException($"Step {step.Name} depends on the finally step {dependency}; only finally steps may.", nameof(steps));
                }
            }
        }

        return byName;
    }
}
