using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Retries;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Children;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Reconcile;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Operator.Scaffolds;

/// <summary>
/// Renders a Scaffold once in a sandboxed Job pinned to its template's resolved revision and stores the archive in
/// ConfigMap chunks. Steps: finished → only the TTL; find the render Job; without one, admit (template Ready,
/// variables valid) and create it; while it runs, wait; once it finished, read its result (retrying a transient fetch
/// failure) and store the project. Decisions are <see cref="ScaffoldStatusDecisions"/>; the summary writes status once.
/// </summary>
[EntityRbac(typeof(Scaffold), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch | RbacVerbs.Delete)]
[EntityRbac(typeof(CookiecutterTemplate), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch)]
[EntityRbac(typeof(V1Job), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Delete)]
[EntityRbac(typeof(V1NetworkPolicy), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update | RbacVerbs.Delete)]
[EntityRbac(typeof(V1ConfigMap), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update)]
public sealed class ScaffoldController(
    ChildApplier children,
    InformerRegistry informers,
    ReconcileSteps<Scaffold> steps,
    SandboxLogReader logReader,
    SandboxPodWaits podWaits,
    IResourceClient<Scaffold> scaffolds,
    IOptions<SandboxOptions> sandboxOptions,
    TimeProvider clock) : IEntityController<Scaffold>
{
    /// <summary>Cache index of Scaffolds by the "namespace/name" of the template they use.</summary>
    public const string TemplateIndex = "spec.templateRef";

    private V1Job? _job;
    private int _attempt;
    private RenderedProject? _project;
    private TemplateSnapshot? _snapshot;

    /// <summary>Cache index of update Scaffolds by the "namespace/name" of the Scaffold they update (spec.updateFrom).</summary>
    public const string UpdateFromIndex = "spec.updateFrom";

    /// <summary>The value <see cref="UpdateFromIndex"/> files a Scaffold under: none unless it is an update.</summary>
    public static IEnumerable<string> UpdateFromKeys(Scaffold scaffold)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        return scaffold.Spec.UpdateFrom is { Name.Length: > 0 } from ? [$"{scaffold.Metadata.NamespaceProperty}/{from.Name}"] : [];
    }

    /// <summary>The value <see cref="TemplateIndex"/> files a Scaffold under.</summary>
    public static IEnumerable<string> TemplateKeys(Scaffold scaffold)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        yield return $"{TemplateNamespace(scaffold)}/{scaffold.Spec.TemplateRef.Name}";
    }

    public Task<ReconcileResult> ReconcileAsync(Scaffold scaffold, CancellationToken cancellationToken) =>
        steps.RunAsync(
            scaffold,
            [FinishedAsync, FindJobAsync, AdmitAsync, CreateJobAsync, ReadResultAsync, StoreAsync],
            (s, outcome) => ScaffoldStatusDecisions.Summarize(s, outcome, _job, Now()),
            cancellationToken);

    public Task<ReconcileResult> DeletedAsync(Scaffold entity, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);

    private async Task<StepOutcome> FinishedAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        if (ScaffoldStatusDecisions.Finished(scaffold, Now()) is not { } finished)
        {
            return StepOutcome.Continue;
        }

        if (ScaffoldStatusDecisions.ExpiresIn(scaffold, Now()) is { } left && left <= TimeSpan.Zero)
        {
            // spec.ttlSecondsAfterFinished has passed: the Scaffold and (by garbage collection) its children go.
            await scaffolds.DeleteAsync(ObjectKey.From(scaffold), scaffold.Metadata.Uid, cancellationToken).ConfigureAwait(false);
            return StepOutcome.Ready(ConditionReasons.Deleting, "spec.ttlSecondsAfterFinished has passed; deleted.");
        }

        return finished;
    }

    private Task<StepOutcome> FindJobAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        var renders = informers.Cache<V1Job>().ListByOwner(scaffold.Metadata.Uid)
            .Where(j => j.Metadata.Labels?.TryGetValue(SandboxLabels.Purpose, out var p) == true && p == ScaffoldRenderJobBuilder.Purpose);
        if (SandboxAttempts.Latest(renders) is { } latest)
        {
            (_job, _attempt) = latest;
        }

        return Task.FromResult(StepOutcome.Continue);
    }

    private Task<StepOutcome> AdmitAsync(Scaffold scaffold, CancellationToken cancellationToken) =>
        Task.FromResult(_job is not null ? StepOutcome.Continue : ScaffoldStatusDecisions.Admit(scaffold, Template(scaffold), Previous(scaffold), out _snapshot));

    private async Task<StepOutcome> CreateJobAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        if (_job is not null)
        {
            return StepOutcome.Continue;
        }

        return await ApplyJobAsync(scaffold, Template(scaffold)!, _snapshot!, attempt: 0, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepOutcome> ReadResultAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        var job = _job!;
        var phase = SandboxJobState.Of(job);
        if (phase == SandboxJobPhase.Running)
        {
            return ScaffoldStatusDecisions.Rendering(scaffold, job, _attempt, await podWaits.OfAsync(job, cancellationToken).ConfigureAwait(false));
        }

        SandboxFailure? failure = null;
        System.Text.Json.Nodes.JsonObject? payload = null;
        System.Text.Json.Nodes.JsonObject? delivered = null;
        if (phase != SandboxJobPhase.TimedOut)
        {
            var render = await logReader.ReadResultAsync(job, ScaffoldRenderJobBuilder.RenderContainerName, cancellationToken).ConfigureAwait(false);
            // With a git or S3 output the deliver container runs after render succeeded; its frame says where the project went.
            var deliver = ScaffoldOutputs.Delivers(scaffold.Spec.Output) && SandboxError.From(render.Payload) is null && render.Payload is not null
                ? await logReader.ReadResultAsync(job, ScaffoldRenderJobBuilder.DeliverContainerName, cancellationToken).ConfigureAwait(false)
                : null;
            failure = SandboxFailures.OfRender(render, deliver, job.Metadata.Name);
            payload = render.Payload;
            delivered = deliver?.Payload;
        }

        var outcome = ScaffoldStatusDecisions.Rendered(
            scaffold, job, _attempt, phase, failure, payload, delivered, ScaffoldRenderJobBuilder.MaxArchiveBytes(scaffold, sandboxOptions.Value), Now(),
            out _project, out var retryNow);
        if (!retryNow)
        {
            return outcome;
        }

        // The retry renders what the template offers now; it may have become unusable since.
        var template = Template(scaffold);
        var admitted = ScaffoldStatusDecisions.Admit(scaffold, template, Previous(scaffold), out var snapshot);
        return admitted.Kind != StepOutcomeKind.Continue
            ? admitted
            : await ApplyJobAsync(scaffold, template!, snapshot!, _attempt + 1, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepOutcome> StoreAsync(Scaffold scaffold, CancellationToken cancellationToken)
    {
        var project = _project!;
        var chunks = ScaffoldResultConfigMapBuilder.Build(scaffold, project.Archive, project.Sha256);
        var pending = 0;
        foreach (var chunk in chunks)
        {
            var applied = await children.ApplyAsync(scaffold, chunk, cancellationToken).ConfigureAwait(false);
            if (applied.Action == ChildApplyAction.Conflict)
            {
                return StepOutcome.Stalled(ConditionReasons.ChildConflict, applied.Conflict!);
            }

            pending += applied.Child is null ? 1 : 0;
        }

        V1ConfigMap? patch = null;
        if (project.Update is { } update)
        {
            patch = ScaffoldPatchConfigMapBuilder.Build(scaffold, update);
            var applied = await children.ApplyAsync(scaffold, patch, cancellationToken, ChildUpdateMode.Recreate).ConfigureAwait(false);
            if (applied.Action == ChildApplyAction.Conflict)
            {
                return StepOutcome.Stalled(ConditionReasons.ChildConflict, applied.Conflict!);
            }

            pending += applied.Child is null ? 1 : 0;
        }

        if (pending > 0)
        {
            // A chunk of an earlier Scaffold of this name was in the way and is being deleted: store once it is gone.
            return StepOutcome.Waiting(ConditionReasons.Rendering, $"Storing the rendered project: {pending} ConfigMap(s) of an earlier Scaffold named {scaffold.Metadata.Name} are being replaced.");
        }

        return ScaffoldStatusDecisions.Stored(scaffold, project, chunks, patch, Now());
    }

    private async Task<StepOutcome> ApplyJobAsync(Scaffold scaffold, CookiecutterTemplate template, TemplateSnapshot snapshot, int attempt, CancellationToken cancellationToken)
    {
        if (ScaffoldOutputNetworkPolicyBuilder.Build(scaffold, sandboxOptions.Value) is { } egress)
        {
            var policy = await children.ApplyAsync(scaffold, egress, cancellationToken).ConfigureAwait(false);
            if (policy.Action == ChildApplyAction.Conflict)
            {
                return StepOutcome.Stalled(ConditionReasons.ChildConflict, policy.Conflict!);
            }
        }

        // The variables and the inspected choices reach the render container as a mounted file (no argument limit).
        var input = await children.ApplyAsync(scaffold, ScaffoldRenderInputConfigMapBuilder.Build(scaffold, template), cancellationToken).ConfigureAwait(false);
        if (input.Action == ChildApplyAction.Conflict)
        {
            return StepOutcome.Stalled(ConditionReasons.ChildConflict, input.Conflict!);
        }

        if (input.Child is null)
        {
            return StepOutcome.Waiting(ConditionReasons.Rendering, $"The render input of an earlier Scaffold named {scaffold.Metadata.Name} is being replaced.");
        }

        var job = SandboxAttempts.ForAttempt(
            ScaffoldRenderJobBuilder.Build(scaffold, template, snapshot, Previous(scaffold), sandboxOptions.Value), attempt);
        var applied = await children.ApplyAsync(scaffold, job, cancellationToken, ChildUpdateMode.Recreate).ConfigureAwait(false);
        if (applied.Action == ChildApplyAction.Conflict)
        {
            return StepOutcome.Stalled(ConditionReasons.ChildConflict, applied.Conflict!);
        }

        (_job, _attempt) = (applied.Child ?? job, attempt);
        return ScaffoldStatusDecisions.Rendering(scaffold, _job, attempt);
    }

    /// <summary>The template's namespace: spec.templateRef.namespace, or (absent or empty) the Scaffold's own.</summary>
    public static string TemplateNamespace(Scaffold scaffold)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        return scaffold.Spec.TemplateRef.Namespace is { Length: > 0 } ns ? ns : scaffold.Metadata.NamespaceProperty;
    }

    private CookiecutterTemplate? Template(Scaffold scaffold) =>
        informers.Cache<CookiecutterTemplate>().Get(new ObjectKey(TemplateNamespace(scaffold), scaffold.Spec.TemplateRef.Name));

    /// <summary>The earlier Scaffold an update (spec.updateFrom) diffs against, from the cache.</summary>
    private Scaffold? Previous(Scaffold scaffold) =>
        scaffold.Spec.UpdateFrom is { Name.Length: > 0 } from
            ? informers.Cache<Scaffold>().Get(new ObjectKey(scaffold.Metadata.NamespaceProperty, from.Name))
            : null;

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
