using System.Globalization;
using DynamoMcp.Api.V1Alpha1;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Workflows;

/// <summary>
/// Progress notifications of a run from two successive states of it (pure): the message names the steps that changed,
/// e.g. "2/5 render: Running". The protocol wants the value to grow with every notification, so a running step
/// counts half (and a fan-out's succeeded items a little more): starting a step is news too, not only finishing one.
/// A finished run reports the total.
/// </summary>
public static class WorkflowRunProgress
{
    /// <param name="before">The steps of the previous state seen (null: none seen yet, every step Pending).</param>
    /// <param name="run">The run now (null: not in the cache yet).</param>
    /// <param name="workflowSteps">Steps of the workflow, the total until the operator wrote the run's steps.</param>
    public static ProgressNotificationValue Report(IEnumerable<WorkflowStepStatus>? before, WorkflowRun? run, int workflowSteps)
    {
        if (run is null)
        {
            return new ProgressNotificationValue { Progress = 0, Total = workflowSteps, Message = $"0/{Number(workflowSteps)} WorkflowRun created; waiting for the operator" };
        }

        var total = WorkflowRunResult.TotalSteps(run, workflowSteps);
        var finished = WorkflowRunResult.FinishedSteps(run);
        var counted = $"{Number(finished)}/{Number(total)}";
        var phase = WorkflowRunResult.PhaseOf(run);
        if (WorkflowRunResult.IsFinished(phase))
        {
            var detail = run.Status?.Message is { Length: > 0 } message ? $"{phase}: {message}" : phase.ToString();
            return new ProgressNotificationValue { Progress = total, Total = total, Message = $"{counted} {detail}" };
        }

        var steps = run.Status?.Steps ?? [];
        var previous = (before ?? []).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var changed = steps.Where(s => previous.GetValueOrDefault(s.Name) is not { } was
                ? s.Phase != WorkflowStepPhase.Pending
                : was.Phase != s.Phase || was.ItemsSucceeded != s.ItemsSucceeded || was.Attempts != s.Attempts)
            .Select(Describe)
            .ToList();
        return new ProgressNotificationValue
        {
            Progress = (float)Score(steps),
            Total = total,
            Message = changed.Count > 0 ? $"{counted} {string.Join(", ", changed)}"
                : run.Status?.Phase is null ? $"{counted} Pending; waiting for the operator"
                : $"{counted} {phase}",
        };
    }

    /// <summary>Finished steps count 1, a running one ½ plus up to ¼ for its fan-out items: every step forward raises it.</summary>
    public static double Score(IEnumerable<WorkflowStepStatus> steps) => steps.Sum(s => s.Phase switch
    {
        WorkflowStepPhase.Succeeded or WorkflowStepPhase.Failed or WorkflowStepPhase.Skipped => 1.0,
        WorkflowStepPhase.Running when s.Items is > 0 => 0.5 + (0.25 * Math.Min(s.ItemsSucceeded ?? 0, s.Items.Value) / s.Items.Value),
        WorkflowStepPhase.Running => 0.5,
        _ => 0.0,
    });

    private static string Describe(WorkflowStepStatus step)
    {
        var text = $"{step.Name}: {step.Phase}";
        if (step.Items is { } items)
        {
            text += $" ({Number(step.ItemsSucceeded ?? 0)}/{Number(items)} items)";
        }

        if (step.Attempts is > 1)
        {
            text += $" (attempt {Number(step.Attempts.Value)})";
        }

        return step.Phase == WorkflowStepPhase.Failed && step.Message is { Length: > 0 } message ? $"{text}: {message}" : text;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
