using System.Net;
using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Templates;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Events;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Status;
using DynamoMcp.Operator.Sandbox;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// Renders a Scaffold once in a sandboxed Job pinned to its template's resolved revision and stores the archive in
/// ConfigMap chunks. Steps: finished → only the TTL; no render Job yet → template Ready? variables valid? → create the
/// Job; Job running → Running; Job finished → verify the result, store it, Succeeded or Failed. Status is written once
/// per reconcile and only when it changed. A finished Scaffold never renders again.
/// </summary>
[EntityRbac(typeof(Scaffold), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch | RbacVerbs.Delete)]
[EntityRbac(typeof(V1Job), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Delete)]
[EntityRbac(typeof(V1ConfigMap), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create)]
public sealed partial class ScaffoldController(
    IKubernetes client,
    InformerRegistry informers,
    IStatusWriter<Scaffold> statusWriter,
    SandboxLogReader logReader,
    IEventRecorder events,
    ScaffoldTemplateIndex index,
    IOptions<SandboxOptions> sandboxOptions,
    TimeProvider clock,
    ILogger<ScaffoldController> logger) : IEntityController<Scaffold>
{
    public async Task<ReconcileResult> ReconcileAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        var key = ObjectKey.From(scaffold);
        if (scaffold.Metadata.DeletionTimestamp is not null)
        {
            index.Forget(key);
            return ReconcileResult.Done;
        }

        var status = scaffold.Status ??= new ScaffoldStatus();
        if (status.Phase is ScaffoldPhase.Succeeded or ScaffoldPhase.Failed)
        {
            index.Forget(key);
            return await ExpireAsync(scaffold, cancellationToken).ConfigureAwait(false);
        }

        var options = sandboxOptions.Value;
        var job = informers.Cache<V1Job>().ListByOwner(scaffold.Uid())
            .FirstOrDefault(j => j.Metadata.Labels is { } l && l.TryGetValue(SandboxLabels.Purpose, out var p) && p == ScaffoldRenderJobBuilder.Purpose);
        if (job is null)
        {
            if (scaffold.Spec.TemplateRef.Namespace is { Length: > 0 } other && other != scaffold.Namespace())
            {
                // The render pod would mount the template's git Secret by name from this namespace and miss the
                // template's egress NetworkPolicy: refuse rather than render with the wrong credentials.
                return await FailAsync(scaffold, ConditionReasons.InvalidSpec,
                    $"spec.templateRef.namespace is {other}, but a Scaffold can only use a CookiecutterTemplate in its own namespace ({scaffold.Namespace()}); create the template there.",
                    cancellationToken).ConfigureAwait(false);
            }

            var templateKey = new ObjectKey(scaffold.Spec.TemplateRef.Namespace ?? scaffold.Namespace(), scaffold.Spec.TemplateRef.Name);
            index.Wait(templateKey, key);
            var template = informers.Cache<CookiecutterTemplate>().Get(templateKey);
            if (template is null)
            {
                return await WaitAsync(scaffold, ConditionReasons.TemplateNotFound,
                    $"CookiecutterTemplate {templateKey} does not exist; create it or fix spec.templateRef.", cancellationToken).ConfigureAwait(false);
            }

            if (!template.Status.Conditions.IsTrue(ConditionTypes.Ready) || string.IsNullOrEmpty(template.Status.ResolvedRevision))
            {
                var ready = template.Status.Conditions.Find(ConditionTypes.Ready);
                return await WaitAsync(scaffold, ConditionReasons.TemplateNotReady,
                    $"CookiecutterTemplate {templateKey} is not Ready yet ({ready?.Reason ?? "not inspected"}: {ready?.Message ?? "waiting for its first inspection"}).",
                    cancellationToken).ConfigureAwait(false);
            }

            if (scaffold.Spec.Output?.Git is not null || scaffold.Spec.Output?.S3 is not null)
            {
                return await FailAsync(scaffold, ConditionReasons.OutputNotSupported,
                    "Git and S3 outputs are not implemented yet; create the Scaffold again with spec.output.inline (or no output) to store the project in ConfigMaps.",
                    cancellationToken).ConfigureAwait(false);
            }

            var problems = TemplateVariablesValidator.Validate(template.Status.Variables, scaffold.Spec.Variables);
            if (problems.Count > 0)
            {
                return await FailAsync(scaffold, ConditionReasons.InvalidVariables,
                    TemplateVariablesValidator.Summarize(problems) + " Create the Scaffold again with corrected variables.", cancellationToken).ConfigureAwait(false);
            }

            job = ScaffoldRenderJobBuilder.Build(scaffold, template, template.Status.ResolvedRevision!, options);
            if (await CreateJobAsync(job, cancellationToken).ConfigureAwait(false))
            {
                await events.RecordAsync(scaffold, EventTypes.Normal, ConditionReasons.Rendering,
                    $"Created sandbox Job {job.Name()} to render revision {template.Status.ResolvedRevision}.", cancellationToken).ConfigureAwait(false);
            }
        }

        index.Forget(key);
        var revision = job.Metadata.Annotations is { } a && a.TryGetValue(SandboxLabels.RevisionAnnotation, out var r) ? r : null;
        status.Revision = revision;
        status.StartTime ??= Seconds(job.Status?.StartTime ?? clock.GetUtcNow().UtcDateTime);
        switch (SandboxJobState.Of(job))
        {
            case SandboxJobPhase.Running:
                status.Phase = ScaffoldPhase.Running;
                status.Message = $"Rendering revision {revision} in sandbox Job {job.Name()}.";
                status.MarkReconciling(scaffold.Metadata.Generation, ConditionReasons.Rendering, status.Message, clock);
                await statusWriter.UpdateAsync(scaffold, cancellationToken).ConfigureAwait(false);
                return ReconcileResult.Done;
            case SandboxJobPhase.TimedOut:
                return await FailAsync(scaffold, ConditionReasons.RenderTimeout,
                    $"Rendering took longer than {job.Spec.ActiveDeadlineSeconds}s and was stopped; create the Scaffold again with a larger spec.timeoutSeconds.",
                    cancellationToken).ConfigureAwait(false);
        }

        var (payload, frameError) = await logReader.ReadAsync(job, ScaffoldRenderJobBuilder.RenderContainerName, cancellationToken).ConfigureAwait(false);
        if (payload is null)
        {
            // The render container never ran when the fetch init container failed (git host down, archive changed
            // since inspection): its frame says why.
            var (fetched, _) = await logReader.ReadAsync(job, ScaffoldRenderJobBuilder.FetchContainerName, cancellationToken).ConfigureAwait(false);
            if (SandboxError.From(fetched) is not null)
            {
                payload = fetched;
            }
        }

        if (SandboxError.From(payload) is { } error)
        {
            var reason = error.Reason switch
            {
                "InvalidVariables" => ConditionReasons.InvalidVariables,
                "OutputTooLarge" => ConditionReasons.OutputTooLarge,
                "ArchiveDigestMismatch" => ConditionReasons.ChecksumMismatch,
                "SourceUnreachable" => ConditionReasons.SourceUnreachable,
                "RevisionNotFound" => ConditionReasons.RevisionNotFound,
                _ => ConditionReasons.RenderFailed,
            };
            return await FailAsync(scaffold, reason, $"{error.Reason}: {error.Message}", cancellationToken).ConfigureAwait(false);
        }

        if (payload is null)
        {
            return await FailAsync(scaffold, ConditionReasons.RenderFailed, $"Render Job {job.Name()} failed: {frameError}", cancellationToken).ConfigureAwait(false);
        }

        if (RenderResultParser.TryParse(payload, revision ?? "", out var parseError) is not { } project)
        {
            return await FailAsync(scaffold, ConditionReasons.RenderFailed, $"Render Job {job.Name()}: {parseError}", cancellationToken).ConfigureAwait(false);
        }

        var cap = ScaffoldRenderJobBuilder.MaxArchiveBytes(scaffold, options);
        if (project.Archive.Length > cap)
        {
            return await FailAsync(scaffold, ConditionReasons.OutputTooLarge,
                $"The rendered archive is {project.Archive.Length} bytes, above the limit of {cap}; create the Scaffold again with a larger spec.output.inline.maxSizeBytes.",
                cancellationToken).ConfigureAwait(false);
        }

        var maps = ScaffoldResultConfigMapBuilder.Build(scaffold, project.Archive, project.Sha256);
        foreach (var map in maps)
        {
            await CreateConfigMapAsync(map, cancellationToken).ConfigureAwait(false);
        }

        status.Phase = ScaffoldPhase.Succeeded;
        status.Files = [.. project.Files];
        status.FileCount = project.Files.Count;
        status.Artifact = new ScaffoldArtifact
        {
            Kind = ArtifactKind.ConfigMap,
            Names = maps.Select(m => m.Name()).ToList(),
            Chunks = maps.Count,
            Sha256 = project.Sha256,
            Size = project.Archive.Length,
        };
        status.CompletionTime = Seconds(clock.GetUtcNow().UtcDateTime);
        status.Message = $"Rendered {project.Files.Count} files from revision {revision}; the archive is in {maps.Count} ConfigMap(s) labelled {Api.Scaffolds.ScaffoldResultFormat.ScaffoldLabel}={scaffold.Name()}.";
        status.MarkReady(scaffold.Metadata.Generation, ConditionReasons.Succeeded, status.Message, clock);
        await statusWriter.UpdateAsync(scaffold, cancellationToken).ConfigureAwait(false);
        LogFinished(logger, scaffold.Namespace(), scaffold.Name(), "Succeeded", status.Message);
        await events.RecordAsync(scaffold, EventTypes.Normal, "Rendered", status.Message, cancellationToken).ConfigureAwait(false);
        return await ExpireAsync(scaffold, cancellationToken).ConfigureAwait(false);
    }

    public Task<ReconcileResult> DeletedAsync(Scaffold entity, CancellationToken cancellationToken)
    {
        index.Forget(ObjectKey.From(entity));
        return Task.FromResult(ReconcileResult.Done);
    }

    private async Task<ReconcileResult> WaitAsync(Scaffold scaffold, string reason, string message, CancellationToken cancellationToken)
    {
        scaffold.Status.Phase = ScaffoldPhase.Pending;
        scaffold.Status.Message = message;
        scaffold.Status.MarkRetrying(scaffold.Metadata.Generation, reason, message, clock);
        await statusWriter.UpdateAsync(scaffold, cancellationToken).ConfigureAwait(false);

        // The template watch enqueues this Scaffold when the template changes: nothing to poll.
        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> FailAsync(Scaffold scaffold, string reason, string message, CancellationToken cancellationToken)
    {
        var status = scaffold.Status;
        status.Phase = ScaffoldPhase.Failed;
        status.Message = message;
        status.CompletionTime = Seconds(clock.GetUtcNow().UtcDateTime);
        status.MarkStalled(scaffold.Metadata.Generation, reason, message, clock);
        await statusWriter.UpdateAsync(scaffold, cancellationToken).ConfigureAwait(false);
        LogFinished(logger, scaffold.Namespace(), scaffold.Name(), reason, message);
        await events.RecordAsync(scaffold, EventTypes.Warning, reason, message, cancellationToken).ConfigureAwait(false);
        return await ExpireAsync(scaffold, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a finished Scaffold once spec.ttlSecondsAfterFinished has passed; until then, waits for it.</summary>
    private async Task<ReconcileResult> ExpireAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        if (scaffold.Spec.TtlSecondsAfterFinished is not { } ttl || scaffold.Status.CompletionTime is not { } finished)
        {
            return ReconcileResult.Done;
        }

        var remaining = finished.ToUniversalTime() + TimeSpan.FromSeconds(ttl) - clock.GetUtcNow().UtcDateTime;
        if (remaining > TimeSpan.Zero)
        {
            return ReconcileResult.RequeueAfter(remaining);
        }

        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                WellKnown.Group, WellKnown.Version, scaffold.Namespace(), Scaffold.KubePlural, scaffold.Name(),
                propagationPolicy: "Background", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }

        return ReconcileResult.Done;
    }

    /// <summary>Creates the Job; false when it existed already.</summary>
    private async Task<bool> CreateJobAsync(V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            await client.BatchV1.CreateNamespacedJobAsync(job, job.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
            LogJobCreated(logger, job.Namespace(), job.Name());
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by an earlier reconcile (or operator) whose watch event has not reached the cache yet.
            return false;
        }
    }

    private async Task CreateConfigMapAsync(V1ConfigMap map, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(map, map.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Same name means same archive hash and chunk: written by an earlier attempt.
        }
    }

    private static DateTime Seconds(DateTime time)
    {
        var utc = time.ToUniversalTime();
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created sandbox Job {Namespace}/{Job}")]
    private static partial void LogJobCreated(ILogger logger, string @namespace, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scaffold {Namespace}/{Name} finished: {Outcome}: {Message}")]
    private static partial void LogFinished(ILogger logger, string @namespace, string name, string outcome, string message);
}
