using System.Globalization;
using System.Text.Json;
using DynamoMcp.Api;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Workflows;
using DynamoMcp.Operator.Workflows;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Reconcile;
using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Fakes;

/// <summary>
/// The test plays the workflow controllers: it validates Workflows with the operator's own
/// <see cref="WorkflowValidator"/> and writes the outcome through the runtime's condition summary, as the Workflow
/// controller does, and writes WorkflowRun status (phase, progress, steps, conditions through <see cref="KStatus"/>,
/// outputs inline or in an owned ConfigMap) with the merge patch of the status subresource the operator sends.
/// </summary>
internal sealed class WorkflowOperatorActions(IKubernetes admin)
{
    private ResourceClient<Workflow> Workflows => new(admin);

    private ResourceClient<WorkflowRun> Runs => new(admin);

    /// <summary>A Workflow of container steps, each depending on the one before unless <paramref name="dependsOn"/> says otherwise.</summary>
    public Task<Workflow> CreateWorkflowAsync(
        string ns, string name, IReadOnlyList<string> steps, JsonElement? inputs, CancellationToken ct, IReadOnlyDictionary<string, string[]>? dependsOn = null) =>
        Workflows.CreateAsync(
            new Workflow
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                Spec = new WorkflowSpec
                {
                    Inputs = inputs is { } schema ? FreeForm.FromJsonObject(System.Text.Json.Nodes.JsonObject.Create(schema)!) : null,
                    Steps = [.. steps.Select((step, i) => new WorkflowStep
                    {
                        Name = step,
                        DependsOn = dependsOn is not null ? dependsOn.GetValueOrDefault(step) : i == 0 ? null : [steps[i - 1]],
                        Container = new ContainerAction { Image = "docker.io/library/busybox:1.36", Command = ["echo", step] },
                    })],
                },
            },
            ct);

    /// <summary>What the Workflow controller writes: Ready (WorkflowValid) when the validator finds nothing, else Stalled (InvalidSpec) with every problem.</summary>
    public async Task ValidateWorkflowAsync(string ns, string name, CancellationToken ct)
    {
        var workflow = await Workflows.GetAsync(new ObjectKey(ns, name), ct) ?? throw new InvalidOperationException($"Workflow {ns}/{name} does not exist.");
        var validation = WorkflowValidator.Validate(workflow.Spec);
        var status = workflow.Status ?? new WorkflowStatus();
        var steps = workflow.Spec.Steps.Count;
        var outcome = validation.IsValid
            ? StepOutcome.Ready(ConditionReasons.WorkflowValid, $"{steps} step{(steps == 1 ? "" : "s")}, a valid DAG.")
            : StepOutcome.Stalled(ConditionReasons.InvalidSpec, string.Join("; ", validation.Problems) + ".");
        if (validation.IsValid)
        {
            status.Conditions.Set(ConditionTypes.ReferencesResolved, ConditionStatus.True, ConditionReasons.ReferencesFound, "Every template and MCP server the steps name exists.", workflow.Metadata.Generation, TimeProvider.System);
        }

        ReconcileSteps<Workflow>.Summarize(status, workflow.Metadata.Generation, outcome, TimeProvider.System);
        status.StepCount = steps;
        await WriteStatusAsync(Workflows, workflow, status, ct);
    }

    public Task DeleteWorkflowAsync(string ns, string name, CancellationToken ct) => Workflows.DeleteAsync(new ObjectKey(ns, name), uid: null, ct);

    /// <summary>The one run of <paramref name="workflow"/> in <paramref name="ns"/>, once it exists.</summary>
    public async Task<WorkflowRun> WaitForRunAsync(string ns, string workflow, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var runs = await RunsOfAsync(ns, workflow, timeout.Token);
            if (runs.Count > 0)
            {
                return runs.Should().ContainSingle($"the test started one run of workflow {workflow}").Subject;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public async Task<IReadOnlyList<WorkflowRun>> RunsOfAsync(string ns, string workflow, CancellationToken ct) =>
        [.. (await Runs.ListAsync(ns, ct)).Items.Where(r => r.Spec.WorkflowRef.Name == workflow)];

    public async Task<WorkflowRun> GetRunAsync(string ns, string name, CancellationToken ct) =>
        await Runs.GetAsync(new ObjectKey(ns, name), ct) ?? throw new InvalidOperationException($"WorkflowRun {ns}/{name} does not exist.");

    /// <summary>
    /// The run is Pending or Running with the steps in these phases (in workflow order): Reconciling with the first
    /// running step as the message, progress finished/total.
    /// </summary>
    public async Task ProgressRunAsync(string ns, string name, IReadOnlyList<(string Step, WorkflowStepPhase Phase)> steps, CancellationToken ct)
    {
        var run = await GetRunAsync(ns, name, ct);
        var status = WithSteps(run, steps);
        var running = steps.Where(s => s.Phase == WorkflowStepPhase.Running).Select(s => s.Step).ToList();
        status.Phase = running.Count > 0 || steps.Any(s => s.Phase != WorkflowStepPhase.Pending) ? WorkflowRunPhase.Running : WorkflowRunPhase.Pending;
        status.StartTime ??= status.Phase == WorkflowRunPhase.Running ? Seconds(DateTime.UtcNow) : null;
        status.Message = running.Count > 0 ? $"Running: {string.Join(", ", running)}." : "Waiting for steps to start.";
        status.MarkReconciling(run.Metadata.Generation, status.Phase == WorkflowRunPhase.Running ? ConditionReasons.Running : ConditionReasons.Pending, status.Message, TimeProvider.System);
        await WriteStatusAsync(Runs, run, status, ct);
    }

    /// <summary>
    /// Every step Succeeded and the run too, with <paramref name="outputs"/>: in status, or (<paramref name="inConfigMap"/>,
    /// as the operator does past 4 KiB) in a ConfigMap owned by the run under <see cref="WorkflowOutputs.Key"/>.
    /// </summary>
    public async Task SucceedRunAsync(string ns, string name, IReadOnlyDictionary<string, object?> outputs, bool inConfigMap, CancellationToken ct)
    {
        var run = await GetRunAsync(ns, name, ct);
        var status = WithSteps(run, [.. (run.Status?.Steps ?? []).Select(s => (s.Name, WorkflowStepPhase.Succeeded))]);
        status.Phase = WorkflowRunPhase.Succeeded;
        status.CompletionTime = Seconds(DateTime.UtcNow);
        status.Message = $"All {(status.Steps?.Count ?? 0).ToString(CultureInfo.InvariantCulture)} steps succeeded.";
        if (inConfigMap)
        {
            var map = DynamoMcp.Operator.Workflows.Runs.WorkflowRunStatusDecisions.OutputsConfigMap(run, null, JsonSerializer.Serialize(outputs));
            await admin.CoreV1.CreateNamespacedConfigMapAsync(map, ns, cancellationToken: ct);
            status.OutputsConfigMap = map.Metadata.Name;
        }
        else
        {
            status.Outputs = new Dictionary<string, object?>(outputs);
        }

        status.MarkReady(run.Metadata.Generation, ConditionReasons.Succeeded, status.Message, TimeProvider.System);
        await WriteStatusAsync(Runs, run, status, ct);
    }

    /// <summary>Step <paramref name="step"/> failed for good and failed the run (StepFailed); later steps stay Pending.</summary>
    public async Task FailRunAsync(string ns, string name, string step, string message, CancellationToken ct)
    {
        var run = await GetRunAsync(ns, name, ct);
        var status = WithSteps(run, [.. (run.Status?.Steps ?? []).Select(s => (s.Name, s.Name == step ? WorkflowStepPhase.Failed : s.Phase))]);
        var failed = status.Steps!.Single(s => s.Name == step);
        failed.Reason = ConditionReasons.StepFailed;
        failed.Message = message;
        status.Phase = WorkflowRunPhase.Failed;
        status.CompletionTime = Seconds(DateTime.UtcNow);
        status.Message = $"Step {step} failed: {message}";
        status.MarkStalled(run.Metadata.Generation, ConditionReasons.StepFailed, status.Message, TimeProvider.System);
        await WriteStatusAsync(Runs, run, status, ct);
    }

    private static WorkflowRunStatus WithSteps(WorkflowRun run, IReadOnlyList<(string Step, WorkflowStepPhase Phase)> steps)
    {
        var status = run.Status ?? new WorkflowRunStatus();
        var before = (status.Steps ?? []).ToDictionary(s => s.Name, StringComparer.Ordinal);
        status.Steps = [.. steps.Select(s =>
        {
            var step = before.GetValueOrDefault(s.Step) ?? new WorkflowStepStatus { Name = s.Step };
            step.Phase = s.Phase;
            step.Reason = s.Phase switch { WorkflowStepPhase.Succeeded => ConditionReasons.Succeeded, WorkflowStepPhase.Running => ConditionReasons.Running, _ => step.Reason };
            step.Attempts = s.Phase == WorkflowStepPhase.Pending ? step.Attempts : Math.Max(step.Attempts ?? 0, 1);
            step.Child = s.Phase == WorkflowStepPhase.Pending ? step.Child : $"{run.Metadata.Name}-{s.Step}-1";
            return step;
        })];
        var finished = status.Steps.Count(s => s.Phase is WorkflowStepPhase.Succeeded or WorkflowStepPhase.Failed or WorkflowStepPhase.Skipped);
        status.Progress = $"{finished.ToString(CultureInfo.InvariantCulture)}/{status.Steps.Count.ToString(CultureInfo.InvariantCulture)}";
        return status;
    }

    private static Task<T> WriteStatusAsync<T>(ResourceClient<T> client, T obj, object status, CancellationToken ct) where T : IKubernetesObject<V1ObjectMeta> =>
        OperatorActions.WriteStatusAsync(client, obj, status, ct);

    private static DateTime Seconds(DateTime time) => OperatorActions.Seconds(time);
}
