using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Tools;

namespace DynamoMcp.McpBridge.Workflows;

[Description("The state of a workflow run (a WorkflowRun resource).")]
public sealed record WorkflowRunResult(
    [property: Description("Name of the WorkflowRun; pass it to get_workflow_run and cancel_workflow_run.")] string Name,
    [property: Description("Namespace of the run.")] string Namespace,
    [property: Description("The workflow it runs.")] string Workflow,
    [property: Description("Pending, Running, Succeeded or Failed.")] string Phase,
    [property: Description("True once the phase is Succeeded or Failed.")] bool Finished,
    [property: Description("Finished steps of all steps, e.g. 3/5.")] string Progress,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Summary from the operator; for a failure the failing step and why.")] string? Message,
    [property: Description("Why a failed run failed, one word: StepFailed, Cancelled, DeadlineExceeded, InvalidInputs, WorkflowInvalid, ExpressionFailed.")] string? Reason,
    [property: Description("The step that failed the run, if one did.")] string? FailedStep,
    [property: Description("True once cancellation was asked for (cancel_workflow_run).")] bool CancelRequested,
    [property: Description("Each step, in workflow order.")] IReadOnlyList<WorkflowStepResult> Steps,
    [property: Description("The run's outputs (when Succeeded).")] JsonObject? Outputs,
    [property: Description("Status conditions (Ready, Reconciling, Stalled).")] IReadOnlyList<McpServerConditionInfo> Conditions,
    [property: Description("What to do next.")] string Hint)
{
    /// <param name="outputs">The run's outputs, read from status or its outputs ConfigMap (null while it runs).</param>
    /// <param name="stepOutputs">Outputs per step name, when the caller asked for them.</param>
    /// <param name="totalSteps">Steps of the workflow, for the progress before the operator wrote any.</param>
    public static WorkflowRunResult From(
        WorkflowRun run, JsonObject? outputs, IReadOnlyDictionary<string, JsonObject?>? stepOutputs, int totalSteps, bool waitedOut)
    {
        var name = run.Metadata.Name;
        var status = run.Status;
        var phase = PhaseOf(run);
        var failed = phase == WorkflowRunPhase.Failed ? FailingStep(run) : null;
        var reason = phase == WorkflowRunPhase.Failed ? (status?.Conditions.Find(ConditionTypes.Stalled) ?? status?.Conditions.Find(ConditionTypes.Ready))?.Reason : null;
        var hint = phase switch
        {
            WorkflowRunPhase.Succeeded => "The run succeeded; its outputs are in outputs. A step's project (a scaffold step's child) is read with get_project_files.",
            WorkflowRunPhase.Failed => $"The run failed{(failed is null ? "" : $" at step '{failed.Name}'")}{(reason is null ? "" : $" ({reason})")}: {failed?.Message ?? status?.Message ?? "see the steps"}. Fix the cause (often an input) and call run_workflow again: a run is never restarted.",
            _ when waitedOut => $"Still {phase} when the wait ended; call get_workflow_run with name '{name}' to follow it (cancel_workflow_run stops it).",
            _ => $"Call get_workflow_run with name '{name}' to follow it (cancel_workflow_run stops it).",
        };
        return new WorkflowRunResult(
            name,
            run.Metadata.NamespaceProperty ?? "",
            run.Spec?.WorkflowRef?.Name ?? "",
            phase.ToString(),
            IsFinished(phase),
            status?.Progress ?? $"{FinishedSteps(run).ToString(CultureInfo.InvariantCulture)}/{TotalSteps(run, totalSteps).ToString(CultureInfo.InvariantCulture)}",
            status?.Message,
            reason,
            failed?.Name,
            run.Spec?.Cancel == true,
            [.. (status?.Steps ?? []).Select(s => new WorkflowStepResult(
                s.Name, s.Phase.ToString(), s.Reason, s.Message, s.Attempts, s.Items, s.ItemsSucceeded, s.Child, stepOutputs?.GetValueOrDefault(s.Name)))],
            outputs,
            [.. (status?.Conditions ?? []).Select(c => new McpServerConditionInfo(c.Type, c.Status, c.Reason, c.Message))],
            hint);
    }

    /// <summary>The phase the operator wrote; Pending until it wrote one.</summary>
    public static WorkflowRunPhase PhaseOf(WorkflowRun run) => run.Status?.Phase ?? WorkflowRunPhase.Pending;

    public static bool IsFinished(WorkflowRunPhase phase) => phase is WorkflowRunPhase.Succeeded or WorkflowRunPhase.Failed;

    public static bool IsFinished(WorkflowStepPhase phase) => phase is WorkflowStepPhase.Succeeded or WorkflowStepPhase.Failed or WorkflowStepPhase.Skipped;

    public static int FinishedSteps(WorkflowRun run) => run.Status?.Steps?.Count(s => IsFinished(s.Phase)) ?? 0;

    /// <summary>The steps in status once the operator wrote them, else the workflow's.</summary>
    public static int TotalSteps(WorkflowRun run, int workflowSteps) => run.Status?.Steps is { Count: > 0 } steps ? steps.Count : workflowSteps;

    /// <summary>The step that failed the run: the first Failed one that was not stopped by a cancel, else the first Failed one.</summary>
    private static WorkflowStepStatus? FailingStep(WorkflowRun run) =>
        run.Status?.Steps?.FirstOrDefault(s => s.Phase == WorkflowStepPhase.Failed && s.Reason != ConditionReasons.Cancelled)
        ?? run.Status?.Steps?.FirstOrDefault(s => s.Phase == WorkflowStepPhase.Failed);
}
