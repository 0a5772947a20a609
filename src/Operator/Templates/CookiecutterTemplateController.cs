using System.Net;
using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
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

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// Inspects a CookiecutterTemplate in a sandboxed Job and publishes revision, variables and input schema in status.
/// Steps: the sandbox egress NetworkPolicy; which inspection is wanted (spec/refresh-annotation change, or a due
/// periodic refresh); the inspect Job (create, or read its verified result once finished); status, written once.
/// </summary>
[EntityRbac(typeof(CookiecutterTemplate), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch)]
[EntityRbac(typeof(V1Job), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Delete)]
[EntityRbac(typeof(V1NetworkPolicy), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update | RbacVerbs.Delete)]
public sealed partial class CookiecutterTemplateController(
    IKubernetes client,
    InformerRegistry informers,
    IStatusWriter<CookiecutterTemplate> statusWriter,
    SandboxLogReader logReader,
    IEventRecorder events,
    IOptions<SandboxOptions> sandboxOptions,
    TimeProvider clock,
    ILogger<CookiecutterTemplateController> logger) : IEntityController<CookiecutterTemplate>
{
    /// <summary>Refresh interval when the spec sets none (the CRD default).</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromHours(1);

    public async Task<ReconcileResult> ReconcileAsync(CookiecutterTemplate template, CancellationToken cancellationToken)
    {
        if (template.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var options = sandboxOptions.Value;
        var status = template.Status ??= new CookiecutterTemplateStatus();
        var generation = template.Metadata.Generation;
        if (template.Spec.Source.Git is null && template.Spec.Source.Archive is null)
        {
            // The CRD's CEL rule requires one of them; this only guards against a server without CEL validation.
            status.MarkStalled(generation, ConditionReasons.InvalidSpec,
                "spec.source needs either git (a repository) or archive (a zip or tar.gz URL) holding the template.", clock);
            await statusWriter.UpdateAsync(template, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Stalled(ConditionReasons.InvalidSpec);
        }

        await EnsureNetworkPolicyAsync(template, options, cancellationToken).ConfigureAwait(false);

        var interval = RefreshInterval(template);
        var now = clock.GetUtcNow().UtcDateTime;
        var current = TemplateInspectJobBuilder.Build(template, options, round: "");
        string round;
        if (status.InspectedSpecHash != current.InputHash)
        {
            round = "";
        }
        else if (template.Spec.Suspend != true && status.LastInspected is { } last && now >= last + interval)
        {
            // A branch or tag may have moved: inspect again, under a name derived from the previous inspection time.
            round = last.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            return NextRefresh(template, status, interval, now);
        }

        var desired = round.Length == 0 ? current.Job : TemplateInspectJobBuilder.Build(template, options, round).Job;
        await DeleteStaleJobsAsync(template, desired.Name(), cancellationToken).ConfigureAwait(false);

        var job = informers.Cache<V1Job>().Get(new ObjectKey(desired.Namespace(), desired.Name()));
        if (job is null || SandboxJobState.Of(job) == SandboxJobPhase.Running)
        {
            if (job is null)
            {
                await CreateJobAsync(desired, cancellationToken).ConfigureAwait(false);
            }

            // A periodic refresh keeps the template Ready on its last revision; a new spec has to be inspected first.
            if (round.Length == 0)
            {
                status.MarkReconciling(generation, ConditionReasons.Inspecting, $"Inspecting the template in sandbox Job {desired.Name()}.", clock);
                await statusWriter.UpdateAsync(template, cancellationToken).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        }

        var previousRevision = status.ResolvedRevision;
        var wasReady = status.Conditions.IsTrue(ConditionTypes.Ready);
        var reason = await ApplyResultAsync(template, job, cancellationToken).ConfigureAwait(false);
        status.InspectedSpecHash = current.InputHash;
        status.LastInspected = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        status.LastHandledRefreshAt = TemplateInspectJobBuilder.RefreshRequest(template);
        await statusWriter.UpdateAsync(template, cancellationToken).ConfigureAwait(false);

        // Events only when something changed: a new revision, or a failure.
        var ready = status.Conditions.Find(ConditionTypes.Ready);
        if (reason is not null)
        {
            await events.RecordAsync(template, EventTypes.Warning, reason, ready?.Message ?? reason, cancellationToken).ConfigureAwait(false);
        }
        else if (!wasReady || previousRevision != status.ResolvedRevision)
        {
            await events.RecordAsync(template, EventTypes.Normal, "Inspected", ready?.Message ?? "Inspected.", cancellationToken).ConfigureAwait(false);
        }
        LogInspected(logger, template.Namespace(), template.Name(), reason ?? "Ready", status.ResolvedRevision);
        return template.Spec.Suspend == true ? ReconcileResult.Done : ReconcileResult.RequeueAfter(interval);
    }

    public Task<ReconcileResult> DeletedAsync(CookiecutterTemplate entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconcileResult.Done);

    /// <summary>Fills status from the finished Job; returns the failure reason, or null when the template is Ready.</summary>
    private async Task<string?> ApplyResultAsync(CookiecutterTemplate template, V1Job job, CancellationToken cancellationToken)
    {
        var status = template.Status;
        var generation = template.Metadata.Generation;
        var phase = SandboxJobState.Of(job);
        if (phase == SandboxJobPhase.TimedOut)
        {
            var seconds = job.Spec.ActiveDeadlineSeconds;
            status.MarkStalled(generation, ConditionReasons.InspectTimeout,
                $"Inspecting the template took longer than {seconds}s and was stopped; raise spec.sandbox.timeoutSeconds or check that the git host answers.", clock);
            return ConditionReasons.InspectTimeout;
        }

        var (payload, frameError) = await logReader.ReadAsync(job, TemplateInspectJobBuilder.ContainerName, cancellationToken).ConfigureAwait(false);
        if (SandboxError.From(payload) is { } error)
        {
            var reason = error.Reason switch
            {
                "SourceUnreachable" => ConditionReasons.SourceUnreachable,
                "RevisionNotFound" => ConditionReasons.RevisionNotFound,
                "ArchiveDigestMismatch" => ConditionReasons.ChecksumMismatch,
                "InvalidTemplate" or "UnsafeOutput" or "UnsafeArchive" or "ArchiveTooLarge" => ConditionReasons.InvalidTemplate,
                _ => ConditionReasons.InspectFailed,
            };
            status.MarkStalled(generation, reason, error.Message, clock);
            return reason;
        }

        if (payload is null)
        {
            status.MarkStalled(generation, ConditionReasons.InspectFailed, $"Inspect Job {job.Name()} failed: {frameError}", clock);
            return ConditionReasons.InspectFailed;
        }

        if (InspectResultParser.TryParse(payload, out var parseError) is not { } inspected)
        {
            status.MarkStalled(generation, ConditionReasons.InspectFailed, $"Inspect Job {job.Name()}: {parseError}", clock);
            return ConditionReasons.InspectFailed;
        }

        var (variables, schema, unknown) = VariableOverrideApplier.Apply(inspected, template.Spec.VariableOverrides);
        status.ResolvedRevision = inspected.Revision;
        status.Variables = variables;
        status.VariableCount = variables.Count;
        status.InputSchema = schema;
        var message = $"Inspected revision {inspected.Revision}: {variables.Count} variables.";
        if (unknown.Count > 0)
        {
            message += $" Overrides name variables the template does not have and were ignored: {string.Join(", ", unknown)}.";
        }

        status.MarkReady(generation, ConditionReasons.Succeeded, message, clock);
        return null;
    }

    private ReconcileResult NextRefresh(CookiecutterTemplate template, CookiecutterTemplateStatus status, TimeSpan interval, DateTime now)
    {
        if (template.Spec.Suspend == true || status.LastInspected is not { } last)
        {
            return ReconcileResult.Done;
        }

        var wait = last + interval - now;
        return ReconcileResult.RequeueAfter(wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1));
    }

    private async Task CreateJobAsync(V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            await client.BatchV1.CreateNamespacedJobAsync(job, job.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
            LogJobCreated(logger, job.Namespace(), job.Name());
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by an earlier reconcile whose watch event has not reached the cache yet.
        }
    }

    private async Task DeleteStaleJobsAsync(CookiecutterTemplate template, string desiredName, CancellationToken cancellationToken)
    {
        foreach (var stale in informers.Cache<V1Job>().ListByOwner(template.Uid())
            .Where(j => j.Name() != desiredName && ValueOf(j.Metadata.Labels, SandboxLabels.Purpose) == TemplateInspectJobBuilder.Purpose
                && SandboxJobState.Of(j) == SandboxJobPhase.Running))
        {
            try
            {
                await client.BatchV1.DeleteNamespacedJobAsync(stale.Name(), stale.Namespace(), propagationPolicy: "Background", cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }
    }

    private async Task EnsureNetworkPolicyAsync(CookiecutterTemplate template, SandboxOptions options, CancellationToken cancellationToken)
    {
        var desired = SandboxNetworkPolicyBuilder.Build(template, options);
        var existing = informers.Cache<V1NetworkPolicy>().Get(new ObjectKey(desired.Namespace(), desired.Name()));
        var hash = desired.Metadata.Annotations[WellKnown.Annotations.SpecHash];
        if (existing is not null && ValueOf(existing.Metadata.Annotations, WellKnown.Annotations.SpecHash) == hash)
        {
            return;
        }

        try
        {
            if (existing is null)
            {
                await client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(desired, desired.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                desired.Metadata.ResourceVersion = existing.ResourceVersion();
                await client.NetworkingV1.ReplaceNamespacedNetworkPolicyAsync(desired, desired.Name(), desired.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Someone else wrote it in between (or the cache lags): the next event reconciles again.
        }
    }

    private static string? ValueOf(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    private static TimeSpan RefreshInterval(CookiecutterTemplate template) =>
        GoDuration.TryParse(template.Spec.RefreshInterval, out var interval) && interval > TimeSpan.Zero ? interval : DefaultRefreshInterval;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created sandbox Job {Namespace}/{Job}")]
    private static partial void LogJobCreated(ILogger logger, string @namespace, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inspected template {Namespace}/{Name}: {Outcome} at revision {Revision}")]
    private static partial void LogInspected(ILogger logger, string @namespace, string name, string outcome, string? revision);
}
