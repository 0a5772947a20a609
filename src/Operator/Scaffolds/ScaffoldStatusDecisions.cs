using System.Globalization;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.Api.Templates;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Templates;
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

    /// <summary>
    /// Before a render Job exists: is the template usable, does it hold a snapshot of the revision to render
    /// (<paramref name="snapshot"/>), is the earlier Scaffold of an update usable (<paramref name="previous"/>, looked up
    /// by spec.updateFrom), and are the variables valid? Continue when so.
    /// </summary>
    public static StepOutcome Admit(Scaffold scaffold, CookiecutterTemplate? template, Scaffold? previous, out TemplateSnapshot? snapshot)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        snapshot = null;
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

        if (TemplateSnapshots.Resolve(template, scaffold.Spec.Revision, out var missing) is not { } held)
        {
            // Without spec.revision the template's next inspection brings the snapshot; a named revision needs a spec change.
            return string.IsNullOrWhiteSpace(scaffold.Spec.Revision)
                ? StepOutcome.Waiting(ConditionReasons.SnapshotNotFound, missing)
                : StepOutcome.Stalled(ConditionReasons.SnapshotNotFound, missing);
        }

        if (scaffold.Spec.UpdateFrom is { } from && UpdateSource(scaffold, from.Name, previous) is { } refused)
        {
            return refused;
        }

        var problems = TemplateVariablesValidator.Validate(template.Status.Variables, scaffold.Spec.Variables);
        if (problems.Count > 0)
        {
            return StepOutcome.Stalled(ConditionReasons.InvalidVariables, TemplateVariablesValidator.Summarize(problems) + " Create the Scaffold again with corrected variables.");
        }

        snapshot = held;
        return StepOutcome.Continue;
    }

    /// <summary>Why the earlier Scaffold of an update cannot be updated (yet), or null when it can.</summary>
    private static StepOutcome? UpdateSource(Scaffold scaffold, string name, Scaffold? previous)
    {
        var ns = scaffold.Metadata.NamespaceProperty;
        if (previous is null)
        {
            return StepOutcome.Waiting(ConditionReasons.UpdateSourceNotFound, $"spec.updateFrom names Scaffold {ns}/{name}, which does not exist; create it or fix spec.updateFrom.");
        }

        if (previous.Status?.Phase == ScaffoldPhase.Failed)
        {
            return StepOutcome.Stalled(ConditionReasons.UpdateSourceNotReady, $"Scaffold {ns}/{name} (spec.updateFrom) failed, so there is no project to update; update a Scaffold that succeeded.");
        }

        if (previous.Status?.Phase != ScaffoldPhase.Succeeded)
        {
            return StepOutcome.Waiting(ConditionReasons.UpdateSourceNotReady, $"Waiting for Scaffold {ns}/{name} (spec.updateFrom) to finish generating its project.");
        }

        if (!string.Equals(previous.Spec.TemplateRef.Name, scaffold.Spec.TemplateRef.Name, StringComparison.Ordinal)
            || !string.Equals(ScaffoldController.TemplateNamespace(previous), ScaffoldController.TemplateNamespace(scaffold), StringComparison.Ordinal))
        {
            return StepOutcome.Stalled(ConditionReasons.InvalidSpec,
                $"Scaffold {ns}/{name} (spec.updateFrom) was generated from template {previous.Spec.TemplateRef.Name}, not {scaffold.Spec.TemplateRef.Name}; an update renders the same template.");
        }

        if (previous.Status.Artifact is not { Names.Count: > 0, Sha256.Length: > 0 })
        {
            return StepOutcome.Stalled(ConditionReasons.NotUpdatable,
                $"Scaffold {ns}/{name} (spec.updateFrom) keeps no copy of its project in ConfigMaps to diff against; generate the project again, then update that Scaffold.");
        }

        return null;
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
        Scaffold scaffold, V1Job job, int attempt, SandboxJobPhase phase, SandboxFailure? failure, JsonObject? payload, JsonObject? delivered,
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

        if (parsed.Update is { } update && update.Patch.Length > ScaffoldPatchConfigMapBuilder.MaxPatchBytes)
        {
            var tooLarge = GeneratorReasons.Classify(SandboxStage.Render, GeneratorReasons.OutputTooLarge,
                $"The update's patch is {update.Patch.Length} bytes, above the {ScaffoldPatchConfigMapBuilder.MaxPatchBytes} a ConfigMap holds; update in smaller steps (fewer revisions at once) or generate the project again.");
            return StepOutcome.Stalled(tooLarge.Reason, tooLarge.Message);
        }

        if (ScaffoldOutputs.Delivers(scaffold.Spec.Output))
        {
            var deliveryError = "the deliver step left no result.";
            if (delivered is null || RenderResultParser.TryParseDelivery(delivered, parsed.Sha256, out deliveryError) is not { } delivery)
            {
                var invalid = SandboxFailures.InvalidResult(SandboxStage.Deliver, deliveryError, job.Metadata.Name);
                return StepOutcome.Stalled(invalid.Reason, invalid.Message);
            }

            parsed = parsed with { Delivery = delivery };
        }

        project = parsed;
        return StepOutcome.Continue;
    }

    /// <summary>The project is stored in <paramref name="chunks"/>: fills status and says Succeeded.</summary>
    public static StepOutcome Stored(Scaffold scaffold, RenderedProject project, IReadOnlyList<V1ConfigMap> chunks, V1ConfigMap? patch, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(chunks);
        var status = scaffold.Status;
        status.Files = [.. project.Files];
        status.FileCount = project.Files.Count;
        var artifact = project.Delivery ?? new ScaffoldArtifact { Kind = ArtifactKind.ConfigMap };
        artifact.Names = chunks.Select(m => m.Metadata.Name).ToList();
        artifact.Chunks = chunks.Count;
        artifact.Sha256 = project.Sha256;
        artifact.Size = project.Archive.Length;
        status.Artifact = artifact;
        status.CompletionTime = Seconds(now);
        var message = artifact.Kind switch
        {
            ArtifactKind.Git => $"Rendered {project.Files.Count} files from revision {project.Revision} and pushed commit {artifact.Commit} to branch {artifact.Branch} of {artifact.Url}.",
            ArtifactKind.S3 => $"Rendered {project.Files.Count} files from revision {project.Revision} and uploaded the archive to s3://{artifact.Bucket}/{artifact.Key} ({artifact.Size} bytes); status.artifact.url downloads it until {artifact.UrlExpiresAt:u}.",
            _ => $"Rendered {project.Files.Count} files from revision {project.Revision}; the archive is in {chunks.Count} ConfigMap(s) labelled {ScaffoldResultFormat.ScaffoldLabel}={scaffold.Metadata.Name}.",
        };
        if (project.Update is { } update)
        {
            status.Update = new ScaffoldUpdateStatus
            {
                From = scaffold.Spec.UpdateFrom?.Name ?? "",
                FromRevision = update.FromRevision,
                ToRevision = update.ToRevision,
                PatchConfigMap = patch?.Metadata.Name,
                PatchSha256 = update.Sha256,
                PatchSize = update.Patch.Length,
                FilesChanged = update.Files.Count,
                LinesAdded = update.LinesAdded,
                LinesRemoved = update.LinesRemoved,
                Files = [.. update.Files.Take(200)],
            };
            message += update.Files.Count == 0
                ? $" Nothing changed since the project of Scaffold {status.Update.From}."
                : $" The update from Scaffold {status.Update.From} changes {update.Files.Count} file(s) (+{update.LinesAdded} -{update.LinesRemoved}); the patch is in ConfigMap {patch?.Metadata.Name} (apply it with git apply -3).";
        }

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
