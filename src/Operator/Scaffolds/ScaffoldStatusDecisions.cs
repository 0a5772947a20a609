using System.Globalization;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.Templates;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// A Scaffold's status from the Scaffold, its template, its render Job and the Job's payload: pure functions,
/// unit-tested without a cluster or bubblewrap. The controller only reads the cache, calls these and applies children.
/// </summary>
public static class ScaffoldStatusDecisions
{
    /// <summary>How many times a render whose fetch failed transiently is attempted before the Scaffold fails.</summary>
    public const int MaxAttempts = 5;

    /// <summary>A finished Scaffold never renders again: its verdict stands until the TTL deletes it.</summary>
    public static StepOutcome? Finished(Scaffold scaffold, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        var status = scaffold.Status;
        if (status?.Phase is not (ScaffoldPhase.Succeeded or ScaffoldPhase.Failed))
        {
            return null;
        }

        var ready = status.Conditions.Find(ConditionTypes.Ready);
        var expiry = ExpiresIn(scaffold, now);
        return status.Phase == ScaffoldPhase.Succeeded
            ? StepOutcome.Ready(ready?.Reason ?? ConditionReasons.Succeeded, status.Message ?? "", expiry)
            : StepOutcome.Stalled(ready?.Reason ?? ConditionReasons.RenderFailed, status.Message ?? "", expiry);
    }

    /// <summary>How long until spec.ttlSecondsAfterFinished deletes a finished Scaffold (zero or less: due); null without a TTL.</summary>
    public static TimeSpan? ExpiresIn(Scaffold scaffold, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        if (scaffold.Spec.TtlSecondsAfterFinished is not { } ttl || scaffold.Status?.CompletionTime is not { } finished)
        {
            return null;
        }

        return finished.ToUniversalTime() + TimeSpan.FromSeconds(ttl) - now;
    }

    /// <summary>Before a render Job exists: is the template usable and are the variables valid? Continue when so.</summary>
    public static StepOutcome Admit(Scaffold scaffold, CookiecutterTemplate? template)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        var ns = scaffold.Metadata.NamespaceProperty;
        if (ScaffoldController.TemplateNamespace(scaffold) is var other && other != ns)
        {
            // The render pod would mount the template's git Secret by name from this namespace and miss the
            // template's egress NetworkPolicy: refuse rather than render with the wrong credentials.
            return StepOutcome.Stalled(ConditionReasons.InvalidSpec,
                $"spec.templateRef.namespace is {other}, but a Scaffold can only use a CookiecutterTemplate in its own namespace ({ns}); create the template there.");
        }

        var templateKey = $"{ns}/{scaffold.Spec.TemplateRef.Name}";
        if (template is null)
        {
            return StepOutcome.Waiting(ConditionReasons.TemplateNotFound, $"CookiecutterTemplate {templateKey} does not exist; create it or fix spec.templateRef.");
        }

        if (!template.Status.Conditions.IsTrue(ConditionTypes.Ready) || string.IsNullOrEmpty(template.Status.ResolvedRevision))
        {
            var ready = template.Status.Conditions.Find(ConditionTypes.Ready);
            return StepOutcome.Waiting(ConditionReasons.TemplateNotReady,
                $"CookiecutterTemplate {templateKey} is not Ready yet ({ready?.Reason ?? "not inspected"}: {ready?.Message ?? "waiting for its first inspection"}).");
        }

        if (scaffold.Spec.Output?.Git is not null || scaffold.Spec.Output?.S3 is not null)
        {
            return StepOutcome.Stalled(ConditionReasons.OutputNotSupported,
                "Git and S3 outputs are not implemented yet; create the Scaffold again with spec.output.inline (or no output) to store the project in ConfigMaps.");
        }

        var problems = TemplateVariablesValidator.Validate(template.Status.Variables, scaffold.Spec.Variables);
        return problems.Count > 0
            ? StepOutcome.Stalled(ConditionReasons.InvalidVariables, TemplateVariablesValidator.Summarize(problems) + " Create the Scaffold again with corrected variables.")
            : StepOutcome.Continue;
    }

    /// <summary>A render Job of attempt <paramref name="attempt"/> runs.</summary>
    public static StepOutcome Rendering(Scaffold scaffold, V1Job job, int attempt, string? podWait = null)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(job);
        var retry = attempt > 0 ? $" (attempt {attempt + 1} of {MaxAttempts})" : "";
        // No Job event follows a pod that becomes unschedulable after the Job counted it active: look again while none runs.
        var notRunning = (job.Status?.Ready ?? 0) == 0 ? SandboxPodWaits.RecheckInterval : (TimeSpan?)null;
        return podWait is null
            ? StepOutcome.Waiting(ConditionReasons.Rendering, $"Rendering revision {Revision(job)} in sandbox Job {job.Metadata.Name}{retry}.", notRunning)
            : StepOutcome.Waiting(ConditionReasons.Rendering, $"Waiting to render revision {Revision(job)} in sandbox Job {job.Metadata.Name}{retry}: {podWait}.", notRunning);
    }

    /// <summary>
    /// The render Job finished: the project it rendered (Continue, with <paramref name="project"/>), a retry of a
    /// transient failure (<paramref name="retryNow"/>, or Transient until it is due), or a terminal failure.
    /// </summary>
    public static StepOutcome Rendered(
        Scaffold scaffold, V1Job job, int attempt, SandboxJobPhase phase, SandboxFailure? failure, JsonObject? payload,
        long maxArchiveBytes, DateTime now, out RenderedProject? project, out bool retryNow)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(job);
        project = null;
        retryNow = false;
        if (phase == SandboxJobPhase.TimedOut)
        {
            failure = SandboxFailures.TimedOut(SandboxStage.Render, job);
        }

        if (failure is { Class: SandboxFailureClass.Transient } && attempt + 1 < MaxAttempts)
        {
            var due = SandboxAttempts.DueAt(job, attempt + 1, now);
            if (now >= due)
            {
                retryNow = true;
                return StepOutcome.Continue;
            }

            var wait = due - now;
            return StepOutcome.Transient(failure.Reason,
                $"{failure.Message} Retrying in {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s (attempt {attempt + 2} of {MaxAttempts}).", wait);
        }

        if (failure is not null)
        {
            var tries = attempt > 0 ? $" (after {attempt + 1} attempts)" : "";
            return StepOutcome.Stalled(failure.Reason, failure.Message + tries);
        }

        if (RenderResultParser.TryParse(payload!, Revision(job) ?? "", out var parseError) is not { } parsed)
        {
            var invalid = SandboxFailures.InvalidResult(SandboxStage.Render, parseError, job.Metadata.Name);
            return StepOutcome.Stalled(invalid.Reason, invalid.Message);
        }

        if (parsed.Archive.Length > maxArchiveBytes)
        {
            var tooLarge = GeneratorReasons.Classify(SandboxStage.Render, GeneratorReasons.OutputTooLarge,
                $"The rendered archive is {parsed.Archive.Length} bytes, above the limit of {maxArchiveBytes}; create the Scaffold again with a larger spec.output.inline.maxSizeBytes.");
            return StepOutcome.Stalled(tooLarge.Reason, tooLarge.Message);
        }

        project = parsed;
        return StepOutcome.Continue;
    }

    /// <summary>The project is stored in <paramref name="chunks"/>: fills status and says Succeeded.</summary>
    public static StepOutcome Stored(Scaffold scaffold, RenderedProject project, IReadOnlyList<V1ConfigMap> chunks, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(chunks);
        var status = scaffold.Status;
        status.Files = [.. project.Files];
        status.FileCount = project.Files.Count;
        status.Artifact = new ScaffoldArtifact
        {
            Kind = ArtifactKind.ConfigMap,
            Names = chunks.Select(m => m.Metadata.Name).ToList(),
            Chunks = chunks.Count,
            Sha256 = project.Sha256,
            Size = project.Archive.Length,
        };
        status.CompletionTime = Seconds(now);
        var message = $"Rendered {project.Files.Count} files from revision {project.Revision}; the archive is in {chunks.Count} ConfigMap(s) labelled {ScaffoldResultFormat.ScaffoldLabel}={scaffold.Metadata.Name}.";
        return StepOutcome.Ready(ConditionReasons.Succeeded, message, ExpiresIn(scaffold, now));
    }

    /// <summary>The kind's own fields from the outcome: phase, message, revision, start and completion times.</summary>
    public static void Summarize(Scaffold scaffold, StepOutcome outcome, V1Job? job, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(outcome);
        var status = scaffold.Status;
        status.Message = outcome.Message;
        if (job is not null)
        {
            status.Revision = Revision(job);
            status.StartTime ??= Seconds(job.Status?.StartTime ?? now);
        }

        status.Phase = outcome.Kind switch
        {
            StepOutcomeKind.Ready or StepOutcomeKind.Continue => ScaffoldPhase.Succeeded,
            StepOutcomeKind.Stalled => ScaffoldPhase.Failed,
            StepOutcomeKind.Waiting when job is not null && outcome.Reason == ConditionReasons.Rendering => ScaffoldPhase.Running,
            StepOutcomeKind.Waiting => ScaffoldPhase.Pending,
            _ => status.Phase ?? ScaffoldPhase.Pending,
        };
        if (status.Phase is ScaffoldPhase.Succeeded or ScaffoldPhase.Failed)
        {
            status.CompletionTime ??= Seconds(now);
        }
    }

    public static string? Revision(V1Job job) =>
        job.Metadata.Annotations is { } a && a.TryGetValue(SandboxLabels.RevisionAnnotation, out var r) ? r : null;

    private static DateTime Seconds(DateTime time)
    {
        var utc = time.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
