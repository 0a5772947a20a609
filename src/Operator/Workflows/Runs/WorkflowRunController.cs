using System.Text.Json;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Api.Workflows;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Gateway;
using DynamoMcp.Operator.McpServers;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Workflows.Expressions;
using DynamoMcp.Operator.Workflows.Planning;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Children;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Reconcile;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// Runs a WorkflowRun: pins the Workflow and inputs (<see cref="WorkflowRunSnapshot"/>), deletes children it recorded as
/// stopped, observes the step children, plans (<see cref="WorkflowRunPlanner"/> through <see cref="WorkflowRunEvaluation"/>),
/// collects the outputs of steps that finished, and acts: creates attempts under their deterministic names (create
/// only: an attempt is never replaced), records stops before it deletes, and writes status once through the summary.
/// </summary>
[EntityRbac(typeof(WorkflowRun), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch | RbacVerbs.Delete)]
[EntityRbac(typeof(Workflow), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch)]
[EntityRbac(typeof(Scaffold), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Delete)]
[EntityRbac(typeof(McpServer), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch)]
[EntityRbac(typeof(V1Job), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Patch | RbacVerbs.Delete)]
[EntityRbac(typeof(V1ConfigMap), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Create | RbacVerbs.Update | RbacVerbs.Patch | RbacVerbs.Delete)]
public sealed class WorkflowRunController(
    InformerRegistry informers,
    ReconcileSteps<WorkflowRun> steps,
    IResourceClient<WorkflowRun> runs,
    IResourceClient<V1Job> jobs,
    IResourceClient<Scaffold> scaffolds,
    IResourceClient<V1ConfigMap> configMaps,
    SandboxLogReader logReader,
    WorkflowToolCalls toolCalls,
    McpRemoteHeaderReader headerReader,
    IOptions<SandboxOptions> sandboxOptions,
    TimeProvider clock) : IEntityController<WorkflowRun>
{
    /// <summary>Cache index of runs by the "namespace/name" of their Workflow.</summary>
    public const string WorkflowIndex = "spec.workflowRef";

    /// <summary>How often a run whose Workflow does not exist looks again (a watch on Workflows wakes it sooner).</summary>
    public static readonly TimeSpan WorkflowRecheck = TimeSpan.FromSeconds(30);

    private WorkflowRunSnapshot? _snapshot;
    private ObservedChildren? _observed;
    private WorkflowRunEvaluation? _evaluation;
    private RunPlan? _plan;
    private PlacedOutputs? _runOutputs;
    private readonly Dictionary<string, PlacedOutputs> _outputs = new(StringComparer.Ordinal);

    public static IEnumerable<string> WorkflowKeys(WorkflowRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        yield return $"{run.Metadata.NamespaceProperty}/{run.Spec.WorkflowRef.Name}";
    }

    public Task<ReconcileResult> ReconcileAsync(WorkflowRun run, CancellationToken cancellationToken) =>
        steps.RunAsync(
            run,
            [ReapAsync, FinishedAsync, SnapshotAsync, PlanAsync, ActAsync],
            (r, outcome) => WorkflowRunStatusDecisions.Summarize(r, outcome, _plan, _evaluation, _observed, _outputs, _runOutputs, Now()),
            cancellationToken);

    public Task<ReconcileResult> DeletedAsync(WorkflowRun entity, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);

    /// <summary>Children recorded as stopped are deleted (tool calls cancelled): the ledger keeps them failed attempts.</summary>
    private async Task<StepOutcome> ReapAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var ns = run.Metadata.NamespaceProperty;
        foreach (var stop in run.Status?.StoppedChildren ?? [])
        {
            var key = new ObjectKey(ns, stop.Name);
            if (informers.Cache<V1Job>().Get(key) is { } job && ChildApplier.IsControlledBy(job, run))
            {
                await jobs.DeleteAsync(key, job.Metadata.Uid, cancellationToken).ConfigureAwait(false);
            }

            if (informers.Cache<Scaffold>().Get(key) is { } scaffold && ChildApplier.IsControlledBy(scaffold, run))
            {
                await scaffolds.DeleteAsync(key, scaffold.Metadata.Uid, cancellationToken).ConfigureAwait(false);
            }

            if (informers.Cache<V1ConfigMap>().Get(key) is { } record && ChildApplier.IsControlledBy(record, run))
            {
                toolCalls.Cancel(ns, stop.Name);
                await configMaps.DeleteAsync(key, record.Metadata.Uid, cancellationToken).ConfigureAwait(false);
            }
        }

        return StepOutcome.Continue;
    }

    private async Task<StepOutcome> FinishedAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        if (WorkflowRunStatusDecisions.Finished(run, Now(), TtlSeconds(run)) is not { } finished)
        {
            return StepOutcome.Continue;
        }

        if (WorkflowRunStatusDecisions.ExpiresIn(run, Now(), TtlSeconds(run)) is { } left && left <= TimeSpan.Zero)
        {
            await runs.DeleteAsync(ObjectKey.From(run), run.Metadata.Uid, cancellationToken).ConfigureAwait(false);
            return StepOutcome.Ready(ConditionReasons.Deleting, "ttlSecondsAfterFinished has passed; deleted.");
        }

        return finished;
    }

    private async Task<StepOutcome> SnapshotAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var ns = run.Metadata.NamespaceProperty;
        var name = WorkflowRunSnapshot.ConfigMapName(run);
        if (informers.Cache<V1ConfigMap>().Get(new ObjectKey(ns, name)) is { } pinned && ChildApplier.IsControlledBy(pinned, run))
        {
            _snapshot = WorkflowRunSnapshot.Read(pinned, run.Spec.WorkflowRef.Name);
            return _snapshot is null
                ? StepOutcome.Stalled(ConditionReasons.WorkflowInvalid, $"ConfigMap {name}, which pins the workflow of this run, cannot be read; delete the run and run again.")
                : StepOutcome.Continue;
        }

        var workflow = informers.Cache<Workflow>().Get(new ObjectKey(ns, run.Spec.WorkflowRef.Name));
        if (workflow is null)
        {
            return StepOutcome.Waiting(ConditionReasons.WorkflowNotFound, $"Workflow {run.Spec.WorkflowRef.Name} does not exist in namespace {ns}; the run starts when it does.", WorkflowRecheck);
        }

        var validation = WorkflowValidator.Validate(workflow.Spec);
        if (!validation.IsValid)
        {
            return StepOutcome.Stalled(ConditionReasons.WorkflowInvalid, $"Workflow {workflow.Metadata.Name} is not valid: {string.Join("; ", validation.Problems)}.");
        }

        var problems = WorkflowInputsValidator.Validate(workflow.Spec.Inputs, run.Spec.Inputs);
        if (problems.Count > 0)
        {
            return StepOutcome.Stalled(ConditionReasons.InvalidInputs, $"The inputs do not fit workflow {workflow.Metadata.Name}: {string.Join("; ", problems)}. Create a new run with corrected inputs.");
        }

        var snapshot = WorkflowRunSnapshot.Build(run, workflow, WorkflowInputsValidator.WithDefaults(workflow.Spec.Inputs, run.Spec.Inputs));
        var created = await CreateOnceAsync(configMaps, informers.Cache<V1ConfigMap>(), snapshot, cancellationToken).ConfigureAwait(false);
        _snapshot = WorkflowRunSnapshot.Read(created, workflow.Metadata.Name);
        run.Status ??= new WorkflowRunStatus();
        run.Status.StartTime ??= Now();
        return StepOutcome.Continue;
    }

    private async Task<StepOutcome> PlanAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot!;
        _observed = ObservedChildren.Read(
            run,
            await DescribeFailuresAsync(informers.Cache<V1Job>().ListByOwner(run.Metadata.Uid), cancellationToken).ConfigureAwait(false),
            informers.Cache<Scaffold>().ListByOwner(run.Metadata.Uid),
            informers.Cache<V1ConfigMap>().ListByOwner(run.Metadata.Uid),
            toolCalls.Instance);
        var evaluation = _evaluation = new WorkflowRunEvaluation(run, snapshot, _observed.States, Now());
        SeedKnown(run, evaluation);
        while (true)
        {
            _plan = evaluation.Plan();
            var newly = _plan.Steps.Where(s => s.Phase is PlannedStepPhase.Succeeded or PlannedStepPhase.Failed or PlannedStepPhase.Skipped
                && !evaluation.Known.ContainsKey(s.Name)).ToList();
            if (newly.Count == 0)
            {
                return StepOutcome.Continue;
            }

            foreach (var step in newly)
            {
                var outputs = step.Phase == PlannedStepPhase.Succeeded
                    ? await CollectAsync(evaluation, step.Name, cancellationToken).ConfigureAwait(false)
                    : StepOutputs.Empty();
                evaluation.Know(step.Name, step.Phase, outputs);
                if (step.Phase == PlannedStepPhase.Succeeded)
                {
                    _outputs[step.Name] = await PlaceAsync(run, step.Name, outputs, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<StepOutcome> ActAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        var evaluation = _evaluation!;
        for (var pass = 0; pass < 2; pass++)
        {
            var abort = evaluation.Abort;
            foreach (var action in _plan!.Actions)
            {
                switch (action)
                {
                    case StartChild start:
                        await StartAsync(run, evaluation, start, cancellationToken).ConfigureAwait(false);
                        break;
                    case StopChild stop:
                        WorkflowRunStatusDecisions.RecordStop(run, stop, _plan.Steps.First(s => s.Name == stop.Step), Now());
                        break;
                }

                if (evaluation.Abort != abort)
                {
                    break;
                }
            }

            if (evaluation.Abort == abort)
            {
                break;
            }

            // A field of an attempt failed to evaluate: plan the stop of the run instead.
            _plan = evaluation.Plan();
        }

        if (run.Status?.StoppedChildren is { Count: > 0 } && _plan!.Actions.OfType<StopChild>().Any())
        {
            // The stops are recorded by this status write; the next reconcile deletes the children.
            return StepOutcome.Waiting(_plan.Reason, _plan.Message, TimeSpan.FromMilliseconds(200));
        }

        if (_plan!.Phase == PlannedRunPhase.Succeeded && run.Status?.Outputs is null && run.Status?.OutputsConfigMap is null)
        {
            _runOutputs = await PlaceRunOutputsAsync(run, evaluation, cancellationToken).ConfigureAwait(false);
        }

        return WorkflowRunStatusDecisions.Outcome(_plan!);
    }

    /// <summary>The run's outputs, evaluated once every step finished, placed as step outputs are (large ones in a ConfigMap).</summary>
    private async Task<PlacedOutputs> PlaceRunOutputsAsync(WorkflowRun run, WorkflowRunEvaluation evaluation, CancellationToken cancellationToken)
    {
        Dictionary<string, object?> outputs;
        try
        {
            outputs = evaluation.RunOutputs();
        }
        catch (ExpressionException e)
        {
            return new PlacedOutputs(null, null, e.Message);
        }

        return await PlaceAsync(run, null, outputs, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartAsync(WorkflowRun run, WorkflowRunEvaluation evaluation, StartChild start, CancellationToken cancellationToken)
    {
        var step = evaluation.Step(start.Step);
        StepFields fields;
        try
        {
            fields = evaluation.Fields(step, start.Item, Project(run));
        }
        catch (ExpressionException e)
        {
            evaluation.Fail($"step {step.Name}: {e.Message}");
            return;
        }

        var workflow = _snapshot!.WorkflowName;
        if (step.Scaffold is not null)
        {
            await CreateOnceAsync(scaffolds, informers.Cache<Scaffold>(), WorkflowStepChildBuilder.Scaffold(run, workflow, step, start, fields), cancellationToken).ConfigureAwait(false);
        }
        else if (step.Container is not null)
        {
            await CreateOnceAsync(jobs, informers.Cache<V1Job>(), WorkflowStepChildBuilder.Job(run, workflow, step, start, fields, sandboxOptions.Value), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CallAsync(run, workflow, step, start, fields, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CallAsync(WorkflowRun run, string workflow, WorkflowStep step, StartChild start, StepFields fields, CancellationToken cancellationToken)
    {
        var record = WorkflowStepChildBuilder.Record(run, workflow, step, start, toolCalls.Instance);
        var cache = informers.Cache<V1ConfigMap>();
        if (cache.Get(ObjectKey.From(record)) is not null)
        {
            return;
        }

        V1ConfigMap created;
        try
        {
            created = await configMaps.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            return; // An earlier reconcile created it (and started its call); the cache has not seen it yet.
        }

        var call = step.ToolCall!;
        var server = informers.Cache<McpServer>().Get(new ObjectKey(run.Metadata.NamespaceProperty, call.Server));
        var why = server is null ? $"McpServer {call.Server} does not exist in namespace {run.Metadata.NamespaceProperty}"
            : !server.Status.Conditions.IsTrue(ConditionTypes.Ready) ? $"McpServer {call.Server} is not Ready (see its status conditions)"
            : !Uri.TryCreate(server.Status.Url, UriKind.Absolute, out _) ? $"McpServer {call.Server} has no URL in its status yet"
            : null;
        if (why is not null)
        {
            await toolCalls.CompleteAsync(created.Namespace(), created.Name(), succeeded: false, null, why + ".", cancellationToken).ConfigureAwait(false);
            return;
        }

        var (headers, _) = await headerReader.ReadAsync(server!, cancellationToken).ConfigureAwait(false);
        var arguments = (fields.Arguments ?? []).ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal);
        var timeout = TimeSpan.FromSeconds(step.TimeoutSeconds ?? server!.Spec.TimeoutSeconds ?? 300);
        var url = new Uri(server!.Status.Url!);
        var key = new UpstreamServerKey(server.Metadata.NamespaceProperty, server.Metadata.Name, server.Metadata.Uid ?? "", url);
        var transport = server.Spec.Transport == McpTransport.Sse ? McpTransport.Sse : McpTransport.StreamableHttp;
        toolCalls.Start(created, key, new McpEndpoint(url, transport, headers), call.Tool, arguments, timeout);
    }

    private Func<string, StepProject?> Project(WorkflowRun run) => name =>
    {
        var scaffold = informers.Cache<Scaffold>().Get(new ObjectKey(run.Metadata.NamespaceProperty, name));
        return scaffold?.Status is { Phase: ScaffoldPhase.Succeeded, Artifact: { Kind: ArtifactKind.ConfigMap, Names: { Count: > 0 } maps, Sha256: { Length: > 0 } sha } }
            ? new StepProject(name, [.. maps], sha)
            : null;
    };

    /// <summary>Steps finished in an earlier reconcile: their phase and outputs as status holds them.</summary>
    private void SeedKnown(WorkflowRun run, WorkflowRunEvaluation evaluation)
    {
        foreach (var step in run.Status?.Steps ?? [])
        {
            if (step.Phase is WorkflowStepPhase.Failed or WorkflowStepPhase.Skipped)
            {
                evaluation.Know(step.Name, (PlannedStepPhase)(int)step.Phase, StepOutputs.Empty());
            }
            else if (step.Phase == WorkflowStepPhase.Succeeded)
            {
                var outputs = step.OutputsConfigMap is { } map
                    ? informers.Cache<V1ConfigMap>().Get(new ObjectKey(run.Metadata.NamespaceProperty, map)) is { } stored
                        ? StepOutputs.Parse(DataValue.Of(stored.Data, WorkflowOutputsConfigMap.Key))
                        : null
                    : step.Outputs is { } inline ? new Dictionary<string, object?>(inline, StringComparer.Ordinal) : StepOutputs.Empty();
                if (outputs is not null)
                {
                    evaluation.Know(step.Name, PlannedStepPhase.Succeeded, outputs);
                    _outputs[step.Name] = new PlacedOutputs(step.OutputsConfigMap is null ? outputs : null, step.OutputsConfigMap);
                }
            }
        }
    }

    /// <summary>
    /// Writes how each newly failed container Job ended (exit code, its last output) onto it, once: the step's message
    /// says it from then on without reading the pod again, and it stays when the pod is gone.
    /// </summary>
    private async Task<IReadOnlyList<V1Job>> DescribeFailuresAsync(IReadOnlyList<V1Job> owned, CancellationToken cancellationToken)
    {
        if (!owned.Any(ObservedChildren.NeedsFailureDescription))
        {
            return owned;
        }

        var described = new List<V1Job>(owned.Count);
        foreach (var job in owned)
        {
            if (!ObservedChildren.NeedsFailureDescription(job))
            {
                described.Add(job);
                continue;
            }

            var pod = await logReader.LatestPodAsync(job, cancellationToken).ConfigureAwait(false);
            var how = ContainerFailure.Describe(pod, out var container) switch
            {
                null => "no pod is left to say how its container ended",
                { } description when container is null => description,
                { } description => ContainerFailure.WithOutput(description, await logReader.ReadTailAsync(pod!, container, ContainerFailure.TailLines, cancellationToken).ConfigureAwait(false)),
            };
            var patch = new V1Patch(
                new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["annotations"] = new System.Text.Json.Nodes.JsonObject { [WorkflowRunLabels.Failure] = how } } }.ToJsonString(),
                V1Patch.PatchType.MergePatch);
            try
            {
                described.Add(await jobs.PatchAsync(ObjectKey.From(job), patch, cancellationToken).ConfigureAwait(false));
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                described.Add(job); // Deleted meanwhile (the run's TTL, a person): the cache will say so.
            }
        }

        return described;
    }

    private async Task<Dictionary<string, object?>> CollectAsync(WorkflowRunEvaluation evaluation, string step, CancellationToken cancellationToken)
    {
        var observed = _observed!;
        if (evaluation.ItemCount(step) is { } count)
        {
            var items = new object?[count];
            for (var i = 0; i < count; i++)
            {
                items[i] = await OutputsOfAsync(observed, step, i, cancellationToken).ConfigureAwait(false);
            }

            return new Dictionary<string, object?>(StringComparer.Ordinal) { ["items"] = items };
        }

        return await OutputsOfAsync(observed, step, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, object?>> OutputsOfAsync(ObservedChildren observed, string step, int? item, CancellationToken cancellationToken)
    {
        var child = observed.Objects.Where(o => o.Key.Step == step && o.Key.Item == item && observed.States[o.Key].State == ChildState.Succeeded)
            .OrderByDescending(o => o.Key.Attempt).Select(o => o.Value).FirstOrDefault();
        return child switch
        {
            Scaffold scaffold => StepOutputs.OfScaffold(scaffold),
            V1Job job => StepOutputs.OfContainerLog(await logReader.ReadTailAsync(job, WorkflowStepChildBuilder.ContainerName, 5, cancellationToken).ConfigureAwait(false)),
            V1ConfigMap record => StepOutputs.OfToolRecord(record),
            _ => StepOutputs.Empty(),
        };
    }

    /// <summary>Outputs of <paramref name="step"/> (null: the run's) in status when small, else in an owned ConfigMap.</summary>
    private async Task<PlacedOutputs> PlaceAsync(WorkflowRun run, string? step, Dictionary<string, object?> outputs, CancellationToken cancellationToken)
    {
        var json = StepOutputs.Serialize(outputs);
        if (System.Text.Encoding.UTF8.GetByteCount(json) <= StepOutputs.InlineBytes)
        {
            return new PlacedOutputs(StepOutputs.Parse(json), null);
        }

        var map = WorkflowRunStatusDecisions.OutputsConfigMap(run, step, json);
        await CreateOnceAsync(configMaps, informers.Cache<V1ConfigMap>(), map, cancellationToken).ConfigureAwait(false);
        return new PlacedOutputs(null, map.Metadata.Name);
    }

    /// <summary>Creates <paramref name="child"/> unless it exists: attempts and pinned data are never replaced.</summary>
    private static async Task<T> CreateOnceAsync<T>(IResourceClient<T> client, IReadOnlyCache<T> cache, T child, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (cache.Get(ObjectKey.From(child)) is { } existing)
        {
            return existing;
        }

        try
        {
            return await client.CreateAsync(child, cancellationToken).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            if (await client.GetAsync(ObjectKey.From(child), cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            throw;
        }
    }

    private int? TtlSeconds(WorkflowRun run) =>
        informers.Cache<V1ConfigMap>().Get(new ObjectKey(run.Metadata.NamespaceProperty, WorkflowRunSnapshot.ConfigMapName(run))) is { } pinned
            ? WorkflowRunSnapshot.Read(pinned, run.Spec.WorkflowRef.Name)?.Spec.TtlSecondsAfterFinished
            : null;

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
