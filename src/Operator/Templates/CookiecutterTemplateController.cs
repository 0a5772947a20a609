using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Children;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// Inspects a CookiecutterTemplate in a sandboxed Job and publishes revision, variables and input schema in status.
/// Steps: the source is usable; the sandbox egress NetworkPolicy; the inspection the template needs
/// (<see cref="InspectionPlanner"/>); its Job; its result. Transient failures (a git host that is down, a repository
/// that does not exist yet) are retried with backoff in new attempts; the summary writes status once.
/// </summary>
[EntityRbac(typeof(CookiecutterTemplate), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch)]
[EntityRbac(typeof(V1Job), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Delete)]
[EntityRbac(typeof(V1ConfigMap), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update | RbacVerbs.Delete)]
[EntityRbac(typeof(V1NetworkPolicy), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update | RbacVerbs.Delete)]
public sealed class CookiecutterTemplateController(
    ChildApplier children,
    InformerRegistry informers,
    ReconcileSteps<CookiecutterTemplate> steps,
    SandboxLogReader logReader,
    SandboxPodWaits podWaits,
    IOptions<SandboxOptions> sandboxOptions,
    TimeProvider clock) : IEntityController<CookiecutterTemplate>
{
    private InspectionPlan? _plan;

    public Task<ReconcileResult> ReconcileAsync(CookiecutterTemplate template, CancellationToken cancellationToken) =>
        steps.RunAsync(template, [CheckSourceAsync, EnsureNetworkPolicyAsync, PlanAsync, StartAsync, ReadResultAsync], null, cancellationToken);

    public Task<ReconcileResult> DeletedAsync(CookiecutterTemplate entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconcileResult.Done);

    private Task<StepOutcome> CheckSourceAsync(CookiecutterTemplate template, CancellationToken cancellationToken) =>
        Task.FromResult(template.Spec.Source.Git is null && template.Spec.Source.Archive is null
            // The CRD's CEL rule requires one of them; this only guards against a server without CEL validation.
            ? StepOutcome.Stalled(ConditionReasons.InvalidSpec, "spec.source needs either git (a repository) or archive (a zip or tar.gz URL) holding the template.")
            : StepOutcome.Continue);

    private async Task<StepOutcome> EnsureNetworkPolicyAsync(CookiecutterTemplate template, CancellationToken cancellationToken)
    {
        foreach (var policy in new[] { SandboxNetworkPolicyBuilder.Build(template, sandboxOptions.Value), SandboxNetworkPolicyBuilder.BuildRender(template) })
        {
            var applied = await children.ApplyAsync(template, policy, cancellationToken).ConfigureAwait(false);
            if (applied.Action == ChildApplyAction.Conflict)
            {
                return StepOutcome.Stalled(ConditionReasons.ChildConflict, applied.Conflict!);
            }
        }

        return StepOutcome.Continue;
    }

    private async Task<StepOutcome> PlanAsync(CookiecutterTemplate template, CancellationToken cancellationToken)
    {
        var jobs = informers.Cache<V1Job>();
        _plan = InspectionPlanner.Plan(template, sandboxOptions.Value, Now(), name => jobs.Get(new ObjectKey(template.Metadata.NamespaceProperty, name)));
        return _plan.Kind switch
        {
            InspectionPlanKind.UpToDate => TemplateStatusDecisions.Standing(template, _plan.NextRefresh),
            InspectionPlanKind.Running => TemplateStatusDecisions.Inspecting(template, _plan, _plan.Job is { } running ? await podWaits.OfAsync(running, cancellationToken).ConfigureAwait(false) : null),
            _ => StepOutcome.Continue,
        };
    }

    private async Task<StepOutcome> StartAsync(CookiecutterTemplate template, CancellationToken cancellationToken)
    {
        if (_plan!.Kind != InspectionPlanKind.Start)
        {
            return StepOutcome.Continue;
        }

        await DeleteOtherRunningJobsAsync(template, _plan.Job!.Metadata.Name, cancellationToken).ConfigureAwait(false);
        return await CreateAsync(template, _plan.Job!, _plan with { Kind = InspectionPlanKind.Running }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepOutcome> ReadResultAsync(CookiecutterTemplate template, CancellationToken cancellationToken)
    {
        var plan = _plan!;
        var job = plan.Job!;
        var phase = SandboxJobState.Of(job);
        var result = phase == SandboxJobPhase.TimedOut
            ? null
            : await logReader.ReadResultAsync(job, TemplateInspectJobBuilder.ContainerName, cancellationToken).ConfigureAwait(false);
        var decision = TemplateStatusDecisions.Finished(template, plan, job, phase, result, Now());
        if (decision.RetryNow)
        {
            var next = InspectionPlanner.NextAttempt(template, sandboxOptions.Value, plan);
            return await CreateAsync(template, next, plan with { Kind = InspectionPlanKind.Running, Attempt = plan.Attempt + 1, Job = next }, cancellationToken).ConfigureAwait(false);
        }

        return decision.Inspected is { } inspected
            ? await StoreSnapshotAsync(template, plan, inspected, cancellationToken).ConfigureAwait(false)
            : decision.Outcome;
    }

    /// <summary>The snapshot into its ConfigMaps, then status names it; the snapshots no longer kept go.</summary>
    private async Task<StepOutcome> StoreSnapshotAsync(CookiecutterTemplate template, InspectionPlan plan, InspectedTemplate inspected, CancellationToken cancellationToken)
    {
        var maps = TemplateSnapshotConfigMapBuilder.Build(template, inspected.Revision, inspected.Snapshot.Archive, inspected.Snapshot.Sha256);
        foreach (var map in maps)
        {
            var applied = await children.ApplyAsync(template, map, cancellationToken).ConfigureAwait(false);
            if (applied.Action == ChildApplyAction.Conflict)
            {
                return StepOutcome.Stalled(ConditionReasons.ChildConflict, applied.Conflict!);
            }

            if (applied.Child is null)
            {
                return StepOutcome.Waiting(ConditionReasons.Inspecting, $"Storing the template's snapshot: ConfigMap {map.Metadata.Name} of an earlier template of this name is being replaced.");
            }
        }

        var snapshot = new TemplateSnapshot
        {
            Revision = inspected.Revision,
            Ref = inspected.Ref,
            Sha256 = inspected.Snapshot.Sha256,
            Size = inspected.Snapshot.Archive.Length,
            Files = inspected.Snapshot.Files,
            ConfigMaps = maps.Select(m => m.Metadata.Name).ToList(),
            InspectedAt = Seconds(Now()),
        };
        var outcome = TemplateStatusDecisions.Adopt(template, plan, inspected, snapshot, sandboxOptions.Value.SnapshotHistory, Now());
        var owned = informers.Cache<V1ConfigMap>().ListByOwner(template.Metadata.Uid)
            .Where(m => m.Metadata.Labels?.TryGetValue(SandboxLabels.Purpose, out var purpose) == true && purpose == TemplateSnapshotConfigMapBuilder.Purpose);
        // A render that still runs keeps the snapshot it reads, whatever the history.
        var rendering = informers.Cache<V1Job>().ListByLabel(SandboxLabels.Template, template.Metadata.Name)
            .Where(j => j.Metadata.NamespaceProperty == template.Metadata.NamespaceProperty
                && j.Metadata.Labels.TryGetValue(SandboxLabels.Purpose, out var p) && p == Scaffolds.ScaffoldRenderJobBuilder.Purpose
                && SandboxJobState.Of(j) == SandboxJobPhase.Running)
            .Select(j => Scaffolds.ScaffoldStatusDecisions.Revision(j))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var dropped in TemplateSnapshots.Dropped(owned, template.Status.Snapshots ?? [], rendering))
        {
            await children.DeleteAsync(template, dropped, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    private static DateTime Seconds(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    private async Task<StepOutcome> CreateAsync(CookiecutterTemplate template, V1Job job, InspectionPlan running, CancellationToken cancellationToken)
    {
        var applied = await children.ApplyAsync(template, job, cancellationToken, ChildUpdateMode.Recreate).ConfigureAwait(false);
        return applied.Action == ChildApplyAction.Conflict
            ? StepOutcome.Stalled(ConditionReasons.ChildConflict, applied.Conflict!)
            : TemplateStatusDecisions.Inspecting(template, running with { Job = applied.Child ?? job });
    }

    /// <summary>An inspection of older inputs that still runs is of no use any more.</summary>
    private async Task DeleteOtherRunningJobsAsync(CookiecutterTemplate template, string desired, CancellationToken cancellationToken)
    {
        foreach (var stale in informers.Cache<V1Job>().ListByOwner(template.Metadata.Uid)
            .Where(j => j.Metadata.Name != desired
                && j.Metadata.Labels?.TryGetValue(SandboxLabels.Purpose, out var purpose) == true && purpose == TemplateInspectJobBuilder.Purpose
                && SandboxJobState.Of(j) == SandboxJobPhase.Running))
        {
            await children.DeleteAsync(template, stale, cancellationToken).ConfigureAwait(false);
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
