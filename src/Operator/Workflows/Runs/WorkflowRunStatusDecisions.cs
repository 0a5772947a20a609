using System.Globalization;
using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Api.Workflows;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Workflows.Expressions;
using DynamoMcp.Operator.Workflows.Planning;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>The WorkflowRun's status from its plan (pure): phase, progress, per-step status, outputs, the outcome the conditions come from.</summary>
public static class WorkflowRunStatusDecisions
{
    /// <summary>A finished run's standing outcome (with the time left until its TTL), or null while it runs.</summary>
    public static StepOutcome? Finished(WorkflowRun run, DateTime now, int? ttlSeconds)
    {
        ArgumentNullException.ThrowIfNull(run);
        var status = run.Status;
        if (status?.Phase is not (WorkflowRunPhase.Succeeded or WorkflowRunPhase.Failed))
        {
            return null;
        }

        var ready = status.Conditions.Find(ConditionTypes.Ready);
        var expiry = ExpiresIn(run, now, ttlSeconds);
        return status.Phase == WorkflowRunPhase.Succeeded
            ? StepOutcome.Ready(ready?.Reason ?? ConditionReasons.Succeeded, status.Message ?? "", expiry)
            : StepOutcome.Stalled(ready?.Reason ?? ConditionReasons.StepFailed, status.Message ?? "", expiry);
    }

    public static TimeSpan? ExpiresIn(WorkflowRun run, DateTime now, int? ttlSeconds)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ttlSeconds is { } ttl && run.Status?.CompletionTime is { } finished ? finished.AddSeconds(ttl) - now : null;
    }

    /// <summary>Records a stop in the ledger (once): the child is deleted by the next reconcile, after this status is written.</summary>
    public static void RecordStop(WorkflowRun run, StopChild stop, StepPlan step, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stop);
        run.Status ??= new WorkflowRunStatus();
        var ledger = run.Status.StoppedChildren ??= [];
        if (ledger.Any(s => s.Name == stop.ChildName))
        {
            return;
        }

        ledger.Add(new WorkflowStoppedChild
        {
            Name = stop.ChildName,
            Step = stop.Step,
            Item = stop.Item,
            Attempt = stop.Attempt,
            Reason = stop.Reason,
            Message = stop.Reason == PlanReasons.Timeout && step.Message is { } timedOut && timedOut.Contains("timed out", StringComparison.Ordinal)
                ? $"Attempt {stop.Attempt.ToString(CultureInfo.InvariantCulture)} timed out."
                : $"Attempt {stop.Attempt.ToString(CultureInfo.InvariantCulture)} was stopped: {stop.Reason}.",
            Time = now,
        });
    }

    /// <summary>The outcome the conditions come from: Ready when Succeeded, Stalled when Failed, Waiting while it runs.</summary>
    public static StepOutcome Outcome(RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Phase switch
        {
            PlannedRunPhase.Succeeded => StepOutcome.Ready(ConditionReasons.Succeeded, plan.Message),
            PlannedRunPhase.Failed => StepOutcome.Stalled(plan.Reason, plan.Message),
            _ => StepOutcome.Waiting(plan.Reason, plan.Message, plan.RequeueAfter),
        };
    }

    /// <summary>The owned ConfigMap of a step's (<paramref name="step"/>) or, for null, the run's outputs too large for status.</summary>
    public static V1ConfigMap OutputsConfigMap(WorkflowRun run, string? step, string json)
    {
        ArgumentNullException.ThrowIfNull(run);
        var labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(WorkflowRun.KubeKind, run.Metadata.Name), StringComparer.Ordinal)
        {
            [WorkflowRunLabels.Purpose] = WorkflowRunLabels.Outputs,
        };
        if (step is not null)
        {
            labels[WorkflowRunLabels.Step] = step;
        }

        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = step is null
                    ? Sandbox.ChildNames.WithSuffix(run.Metadata.Name, WorkflowRunLabels.Outputs)
                    : Sandbox.ChildNames.For(run.Metadata.Name, WorkflowRunLabels.Outputs, Sandbox.ChildNames.Hash(step)),
                NamespaceProperty = run.Metadata.NamespaceProperty,
                Labels = labels,
                OwnerReferences = [SandboxJobBuilder.OwnerReference(run.ApiVersion, WorkflowRun.KubeKind, run.Metadata)],
            },
            Data = new Dictionary<string, string> { [WorkflowOutputsConfigMap.Key] = json },
        };
    }

    /// <summary>Fills the run's own status fields after the conditions are set.</summary>
    public static void Summarize(
        WorkflowRun run,
        StepOutcome outcome,
        RunPlan? plan,
        WorkflowRunEvaluation? evaluation,
        ObservedChildren? observed,
        IReadOnlyDictionary<string, PlacedOutputs> outputs,
        PlacedOutputs? runOutputs,
        DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outcome);
        var status = run.Status ??= new WorkflowRunStatus();
        if (plan is null)
        {
            // Before planning: finished already, waiting for the Workflow, or refused (invalid workflow or inputs).
            if (outcome.Kind == StepOutcomeKind.Stalled && status.Phase is not WorkflowRunPhase.Failed)
            {
                status.Phase = WorkflowRunPhase.Failed;
                status.CompletionTime ??= now;
                status.Message = outcome.Message;
            }
            else if (outcome.Kind == StepOutcomeKind.Waiting)
            {
                status.Phase ??= WorkflowRunPhase.Pending;
                status.Message = outcome.Message;
            }

            return;
        }

        var previous = (status.Steps ?? []).ToDictionary(s => s.Name, StringComparer.Ordinal);
        status.Steps = plan.Steps.Select(s => StepStatus(run, s, previous.GetValueOrDefault(s.Name), evaluation, observed, outputs, now)).ToList();
        var finished = plan.Steps.Count(s => s.Phase is PlannedStepPhase.Succeeded or PlannedStepPhase.Failed or PlannedStepPhase.Skipped);
        status.Progress = $"{finished.ToString(CultureInfo.InvariantCulture)}/{plan.Steps.Count.ToString(CultureInfo.InvariantCulture)}";
        status.Phase = plan.Phase switch
        {
            PlannedRunPhase.Succeeded => WorkflowRunPhase.Succeeded,
            PlannedRunPhase.Failed => WorkflowRunPhase.Failed,
            PlannedRunPhase.Running => WorkflowRunPhase.Running,
            _ => WorkflowRunPhase.Pending,
        };
        status.Message = plan.Message;
        if (plan.Phase == PlannedRunPhase.Succeeded && runOutputs is not null && status.Outputs is null && status.OutputsConfigMap is null)
        {
            status.Outputs = runOutputs.Inline;
            status.OutputsConfigMap = runOutputs.ConfigMap;
            if (runOutputs.Error is { } error)
            {
                status.Phase = WorkflowRunPhase.Failed;
                status.Message = $"Every step finished, but the run's outputs could not be evaluated: {error}";
                run.Status.Conditions.Set(ConditionTypes.Stalled, ConditionStatus.True, ConditionReasons.ExpressionFailed, status.Message, run.Metadata.Generation, TimeProvider.System);
                run.Status.Conditions.Set(ConditionTypes.Ready, ConditionStatus.False, ConditionReasons.ExpressionFailed, status.Message, run.Metadata.Generation, TimeProvider.System);
            }
        }

        if (status.Phase is WorkflowRunPhase.Succeeded or WorkflowRunPhase.Failed)
        {
            status.CompletionTime ??= now;
        }
    }

    private static WorkflowStepStatus StepStatus(
        WorkflowRun run,
        StepPlan step,
        WorkflowStepStatus? previous,
        WorkflowRunEvaluation? evaluation,
        ObservedChildren? observed,
        IReadOnlyDictionary<string, PlacedOutputs> outputs,
        DateTime now)
    {
        var attempts = observed?.States.Where(c => c.Key.Step == step.Name).ToList() ?? [];
        var terminal = step.Phase is PlannedStepPhase.Succeeded or PlannedStepPhase.Failed or PlannedStepPhase.Skipped;
        var latest = attempts.OrderByDescending(c => c.Key.Attempt).ThenByDescending(c => c.Key.Item).Select(c => c.Key).FirstOrDefault();
        var count = evaluation?.ItemCount(step.Name);
        var placed = outputs.GetValueOrDefault(step.Name);
        return new WorkflowStepStatus
        {
            Name = step.Name,
            Phase = (WorkflowStepPhase)(int)step.Phase,
            Reason = step.Reason,
            Message = step.Message,
            Attempts = step.Attempts == 0 ? null : step.Attempts,
            Items = count,
            ItemsSucceeded = count is null ? null : attempts.Where(a => a.Value.State == ChildState.Succeeded).Select(a => a.Key.Item).Distinct().Count(),
            Child = attempts.Count == 0 ? null : Planning.ChildNames.For(run.Metadata.Name, latest.Step, latest.Item, latest.Attempt),
            StartTime = previous?.StartTime ?? attempts.Select(a => a.Value.StartedAt).Where(t => t is not null).Min(),
            CompletionTime = terminal ? previous?.CompletionTime ?? now : null,
            Outputs = placed?.Inline,
            OutputsConfigMap = placed?.ConfigMap,
        };
    }
}
