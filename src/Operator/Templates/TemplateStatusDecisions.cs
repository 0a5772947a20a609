using System.Globalization;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// A template's status from the template, its inspection plan, its Job and the Job's payload: pure functions (the
/// entity in hand is updated, nothing is read or written elsewhere), unit-tested without a cluster or bubblewrap.
/// </summary>
public static class TemplateStatusDecisions
{
    /// <summary>Nothing to inspect: the last inspection's verdict stands (Ready until the next refresh, or Stalled until the spec changes).</summary>
    public static StepOutcome Standing(CookiecutterTemplate template, TimeSpan? nextRefresh)
    {
        ArgumentNullException.ThrowIfNull(template);
        var ready = template.Status?.Conditions.Find(ConditionTypes.Ready);
        return ready?.Status == ConditionStatus.True
            ? StepOutcome.Ready(ready.Reason, ready.Message ?? "", nextRefresh)
            : StepOutcome.Stalled(ready?.Reason ?? ConditionReasons.InspectFailed, ready?.Message ?? "The last inspection failed; change the spec or request a refresh to inspect again.", nextRefresh);
    }

    /// <summary>
    /// An inspection runs. A periodic refresh keeps a Ready template Ready on its last revision; a retry keeps the
    /// reason of the failure it retries; a first inspection is Reconciling.
    /// </summary>
    public static StepOutcome Inspecting(CookiecutterTemplate template, InspectionPlan plan, string? podWait = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(plan);
        var ready = template.Status?.Conditions.Find(ConditionTypes.Ready);
        var job = plan.Job?.Metadata.Name;
        if (plan.Refresh && ready?.Status == ConditionStatus.True)
        {
            return StepOutcome.Ready(ready.Reason, ready.Message ?? "");
        }

        if (plan.Attempt > 0 && ready is { Status: not ConditionStatus.True } failed && failed.Reason != ConditionReasons.Inspecting)
        {
            return StepOutcome.Waiting(failed.Reason, $"Retrying in sandbox Job {job} (attempt {plan.Attempt + 1}) after: {Unretried(failed.Message)}");
        }

        var notRunning = (plan.Job?.Status?.Ready ?? 0) == 0 ? SandboxPodWaits.RecheckInterval : (TimeSpan?)null;
        return podWait is null
            ? StepOutcome.Waiting(ConditionReasons.Inspecting, $"Inspecting the template in sandbox Job {job}.", notRunning)
            : StepOutcome.Waiting(ConditionReasons.Inspecting, $"Waiting to inspect the template in sandbox Job {job}: {podWait}.", notRunning);
    }

    /// <summary>The inspect Job finished: take its result into status, or decide on a retry.</summary>
    public static InspectionDecision Finished(
        CookiecutterTemplate template, InspectionPlan plan, V1Job job, SandboxJobPhase phase, SandboxResult? result, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(job);
        var status = template.Status ??= new CookiecutterTemplateStatus();
        var failure = phase == SandboxJobPhase.TimedOut || result is null
            ? SandboxFailures.TimedOut(SandboxStage.Inspect, job)
            : SandboxFailures.Of(SandboxStage.Inspect, result, job.Metadata.Name);
        if (failure is { Class: SandboxFailureClass.Transient })
        {
            var due = SandboxAttempts.DueAt(job, plan.Attempt + 1, now);
            if (now >= due)
            {
                return new InspectionDecision(StepOutcome.Continue, RetryNow: true);
            }

            var wait = due - now;
            var retry = $"Retrying in {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s (attempt {plan.Attempt + 2}).";
            var ready = status.Conditions.Find(ConditionTypes.Ready);
            return new InspectionDecision(plan.Refresh && ready?.Status == ConditionStatus.True
                ? StepOutcome.Ready(ready.Reason, $"Serving revision {status.ResolvedRevision}; the last refresh failed ({failure.Reason}: {failure.Message}). {retry}", wait)
                : StepOutcome.Transient(failure.Reason, $"{failure.Message} {retry}", wait), RetryNow: false);
        }

        // A stalled template is still refreshed: a branch or tag that was missing may exist by then.
        var next = NextRefresh(template);
        if (failure is not null)
        {
            Inspected(template, plan, now);
            return new InspectionDecision(StepOutcome.Stalled(failure.Reason, failure.Message, next), RetryNow: false);
        }

        if (InspectResultParser.TryParse(result!.Payload!, out var parseError) is not { } inspected)
        {
            Inspected(template, plan, now);
            var invalid = SandboxFailures.InvalidResult(SandboxStage.Inspect, parseError, job.Metadata.Name);
            return new InspectionDecision(StepOutcome.Stalled(invalid.Reason, invalid.Message, next), RetryNow: false);
        }

        // Status takes the result once the controller has stored the snapshot (Adopt): never a revision without its files.
        return new InspectionDecision(StepOutcome.Continue, RetryNow: false, inspected);
    }

    /// <summary>
    /// The inspection's result into status, once its snapshot is stored in <paramref name="snapshot"/>'s ConfigMaps:
    /// revision, variables, schema, the kept snapshots (<paramref name="history"/> newest). Ready.
    /// </summary>
    public static StepOutcome Adopt(CookiecutterTemplate template, InspectionPlan plan, InspectedTemplate inspected, TemplateSnapshot snapshot, int history, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(inspected);
        ArgumentNullException.ThrowIfNull(snapshot);
        var status = template.Status ??= new CookiecutterTemplateStatus();
        Inspected(template, plan, now);
        var next = NextRefresh(template);
        var (variables, schema, unknown) = VariableOverrideApplier.Apply(inspected, template.Spec.VariableOverrides);
        status.Snapshots = TemplateSnapshots.Record(status.Snapshots, snapshot, history);
        status.ResolvedRevision = inspected.Revision;
        status.Variables = variables;
        status.VariableCount = variables.Count;
        status.InputSchema = schema;
        var message = $"Inspected revision {inspected.Revision}: {variables.Count} variables; snapshot of {snapshot.Files?.ToString(CultureInfo.InvariantCulture) ?? "its"} files stored ({snapshot.Size.ToString(CultureInfo.InvariantCulture)} bytes in {snapshot.ConfigMaps.Count.ToString(CultureInfo.InvariantCulture)} ConfigMap(s)).";
        if (unknown.Count > 0)
        {
            message += $" Overrides name variables the template does not have and were ignored: {string.Join(", ", unknown)}.";
        }

        return StepOutcome.Ready(ConditionReasons.Succeeded, message, next);
    }

    private static TimeSpan? NextRefresh(CookiecutterTemplate template) =>
        template.Spec.Suspend == true ? null : InspectionPlanner.RefreshInterval(template);

    /// <summary>Records that these inputs were inspected (whatever the verdict), so they are not inspected again until they change or a refresh is due.</summary>
    private static void Inspected(CookiecutterTemplate template, InspectionPlan plan, DateTime now)
    {
        var status = template.Status;
        status.InspectedSpecHash = plan.InputHash;
        status.LastInspected = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        status.LastHandledRefreshAt = TemplateInspectJobBuilder.RefreshRequest(template);
    }

    // A retry's message names the failure it retries, not the previous retry's wait.
    private static string Unretried(string? message)
    {
        var text = message ?? "";
        var cut = text.IndexOf(" Retrying in ", StringComparison.Ordinal);
        text = cut >= 0 ? text[..cut] : text;
        const string prefix = "Retrying in sandbox Job ";
        if (text.StartsWith(prefix, StringComparison.Ordinal) && text.IndexOf("after: ", StringComparison.Ordinal) is var after and >= 0)
        {
            text = text[(after + "after: ".Length)..];
        }

        return text;
    }
}
