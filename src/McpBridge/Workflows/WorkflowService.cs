using System.Net;
using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.Runtime;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Workflows;

/// <summary>
/// Workflow and WorkflowRun reads (from the cache) and writes (as the caller, through impersonation), shared by the
/// workflow tools and the <c>workflow_*</c> tools.
/// </summary>
public sealed class WorkflowService(BridgeCaches caches, KubernetesClients clients, NamespaceAccessGuard guard, IOptions<BridgeOptions> options)
{
    public async Task<IReadOnlyList<WorkflowView>> ListAsync(BridgeIdentity caller, string @namespace, CancellationToken cancellationToken)
    {
        await EnsureReadableAsync(caller, @namespace, CustomResourceKind.Workflow, "list workflows", cancellationToken).ConfigureAwait(false);
        return [.. caches.Workflows.List(@namespace).Select(WorkflowView.From)];
    }

    public async Task<WorkflowView> GetAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await EnsureReadableAsync(caller, @namespace, CustomResourceKind.Workflow, "read workflows", cancellationToken).ConfigureAwait(false);
        return caches.Workflows.Get(@namespace, name) is { } workflow
            ? WorkflowView.From(workflow)
            : throw new McpException($"Workflow '{name}' was not found in namespace '{@namespace}'. Call list_workflows to see the workflows there.");
    }

    /// <summary>The newest run of each workflow of the namespace, by workflow name.</summary>
    public async Task<IReadOnlyDictionary<string, WorkflowRun>> LatestRunsAsync(BridgeIdentity caller, string @namespace, CancellationToken cancellationToken)
    {
        await EnsureReadableAsync(caller, @namespace, CustomResourceKind.WorkflowRun, "list workflow runs", cancellationToken).ConfigureAwait(false);
        return caches.WorkflowRuns.List(@namespace)
            .GroupBy(r => r.Spec?.WorkflowRef?.Name ?? "", StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenByDescending(r => r.Metadata.Name, StringComparer.Ordinal).First(),
                StringComparer.Ordinal);
    }

    /// <summary>
    /// Checks the workflow and the inputs (every problem in one tool error, nothing created), creates the run as the
    /// caller and, with <paramref name="wait"/>, follows it with progress until it finishes or the wait deadline passes.
    /// </summary>
    public async Task<WorkflowRunResult> RunAsync(
        BridgeIdentity caller,
        string @namespace,
        string workflowName,
        JsonObject? inputs,
        string? runName,
        bool wait,
        ProgressSink progress,
        CancellationToken cancellationToken)
    {
        var workflow = await GetAsync(caller, @namespace, workflowName, cancellationToken).ConfigureAwait(false);
        if (!workflow.Valid)
        {
            throw new McpException(
                $"Workflow '{workflowName}' cannot run: {workflow.StatusMessage}. Nothing was created. Fix the Workflow (or wait for the operator to validate it) and retry; list_workflows shows its state.");
        }

        inputs ??= [];
        if (WorkflowInputsCheck.ErrorMessage(workflow, inputs) is { } error)
        {
            throw new McpException(error);
        }

        // Named here, like create_project's projects, rather than by generateName: the runtime's typed client creates by name.
        var name = runName is null ? ResourceNames.Generate(workflowName) : ResourceNames.RequireValid(runName, "workflow run");
        var what = $"run workflow '{workflowName}' as '{name}'";
        var created = await KubernetesErrors.Call(
            () => clients.Resources<WorkflowRun>(caller).CreateAsync(
                WorkflowRunManifests.WorkflowRun(@namespace, name, workflowName, inputs, caller.Name), cancellationToken),
            what,
            @namespace,
            caller.Name).ConfigureAwait(false);
        var total = workflow.Steps.Count;
        if (!wait)
        {
            return WorkflowRunResult.From(caches.WorkflowRuns.Get(@namespace, name) ?? created, null, null, total, waitedOut: false);
        }

        IEnumerable<WorkflowStepStatus>? seen = null;
        (bool Done, ProgressNotificationValue? Progress) Observe(WorkflowRun? run)
        {
            var report = WorkflowRunProgress.Report(seen, run, total);
            seen = run?.Status?.Steps ?? seen;
            return (run is not null && WorkflowRunResult.IsFinished(WorkflowRunResult.PhaseOf(run)), report);
        }

        var finished = await ResourceWaiter.WaitAsync(
            caches.WorkflowRuns, @namespace, name, Observe, progress, options.Value.WaitDeadline, cancellationToken).ConfigureAwait(false);
        var latest = caches.WorkflowRuns.Get(@namespace, name) ?? created;
        return await ResultAsync(latest, total, includeStepOutputs: false, waitedOut: !finished, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WorkflowRunResult> GetRunAsync(BridgeIdentity caller, string @namespace, string name, bool includeStepOutputs, CancellationToken cancellationToken)
    {
        var run = await GetRunObjectAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        var total = caches.Workflows.Get(@namespace, run.Spec?.WorkflowRef?.Name ?? "")?.Spec?.Steps?.Count ?? 0;
        return await ResultAsync(run, total, includeStepOutputs, waitedOut: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets spec.cancel as the caller; a run that finished or was cancelled already is left as it is.</summary>
    public async Task<WorkflowRunCancelResult> CancelAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        var run = await GetRunObjectAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        var phase = WorkflowRunResult.PhaseOf(run);
        if (WorkflowRunResult.IsFinished(phase))
        {
            return new WorkflowRunCancelResult(name, @namespace, phase.ToString(), run.Spec?.Cancel == true, AlreadyFinished: true,
                $"Workflow run '{name}' already finished ({phase}): there is nothing to cancel. get_workflow_run shows its result.");
        }

        if (run.Spec?.Cancel != true)
        {
            run = await KubernetesErrors.Call(
                () => clients.Resources<WorkflowRun>(caller).PatchAsync(new ObjectKey(@namespace, name), WorkflowRunManifests.CancelPatch(), cancellationToken),
                $"cancel workflow run '{name}'",
                @namespace,
                caller.Name).ConfigureAwait(false);
        }

        return new WorkflowRunCancelResult(name, @namespace, WorkflowRunResult.PhaseOf(run).ToString(), CancelRequested: true, AlreadyFinished: false,
            $"Cancellation of workflow run '{name}' is requested: the operator stops its running steps, starts nothing new and marks it Failed (Cancelled). Call get_workflow_run with name '{name}' to see it end.");
    }

    private async Task<WorkflowRun> GetRunObjectAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await EnsureReadableAsync(caller, @namespace, CustomResourceKind.WorkflowRun, "read workflow runs", cancellationToken).ConfigureAwait(false);
        return caches.WorkflowRuns.Get(@namespace, name)
            ?? throw new McpException(
                $"Workflow run '{name}' was not found in namespace '{@namespace}'. Use the name run_workflow returned (list_workflows shows each workflow's last run); finished runs are deleted when their workflow's ttlSecondsAfterFinished ends.");
    }

    private async Task<WorkflowRunResult> ResultAsync(WorkflowRun run, int total, bool includeStepOutputs, bool waitedOut, CancellationToken cancellationToken)
    {
        var status = run.Status;
        var outputs = await ReadOutputsAsync(run, status?.Outputs, status?.OutputsConfigMap, "the run", cancellationToken).ConfigureAwait(false);
        Dictionary<string, JsonObject?>? steps = null;
        if (includeStepOutputs)
        {
            steps = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
            foreach (var step in status?.Steps ?? [])
            {
                steps[step.Name] = await ReadOutputsAsync(run, step.Outputs, step.OutputsConfigMap, $"step '{step.Name}'", cancellationToken).ConfigureAwait(false);
            }
        }

        return WorkflowRunResult.From(run, outputs, steps, total, waitedOut);
    }

    /// <summary>Inline outputs, or those of the run's own outputs ConfigMap, read with the bridge's account (the caller's right to the run was checked).</summary>
    private async Task<JsonObject?> ReadOutputsAsync(WorkflowRun run, IDictionary<string, object?>? inline, string? configMap, string whose, CancellationToken cancellationToken)
    {
        if (configMap is null)
        {
            return WorkflowOutputs.Inline(inline);
        }

        var ns = run.Metadata.NamespaceProperty;
        var what = $"The outputs of {whose} of workflow run '{run.Metadata.Name}' cannot be read";
        try
        {
            var map = await clients.Bridge.CoreV1.ReadNamespacedConfigMapAsync(configMap, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return WorkflowOutputs.FromConfigMap(run, map);
        }
        catch (WorkflowOutputsException e)
        {
            throw new McpException($"{what}: {e.Message}. Run the workflow again if you need them.");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new McpException($"{what}: their ConfigMap '{configMap}' does not exist (the run may be being deleted). Run the workflow again if you need them.");
        }
        catch (HttpOperationException e)
        {
            throw new McpException(
                $"{what}: the Kubernetes API answered {(int)e.Response.StatusCode} to the bridge reading ConfigMap '{configMap}'. " +
                $"Retry later; if it persists, ask an administrator to check the bridge's access to ConfigMaps in namespace '{ns}'.");
        }
    }

    private async Task EnsureReadableAsync(BridgeIdentity caller, string @namespace, CustomResourceKind kind, string what, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, what, cancellationToken, kind).ConfigureAwait(false);
        var loaded = kind == CustomResourceKind.Workflow
            ? caches.Workflows.EnsureSyncedAsync(NotLoaded(kind), cancellationToken)
            : caches.WorkflowRuns.EnsureSyncedAsync(NotLoaded(kind), cancellationToken);
        await loaded.ConfigureAwait(false);
    }

    private static string NotLoaded(CustomResourceKind kind) =>
        $"The bridge has not loaded the {kind.Kind}s yet: it cannot list them from the Kubernetes API. Retry in a moment; if it persists, ask an administrator to check that the {kind.Kind} CRD is installed and that the bridge may list and watch {kind.Plural}.";
}
