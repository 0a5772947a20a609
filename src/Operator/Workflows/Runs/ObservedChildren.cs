using System.Globalization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Workflows.Planning;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// A run's children as the planner needs them (pure): every step child (Job, Scaffold, tool-call record) by its step,
/// item and attempt, read from its labels and annotations, and every child in <c>status.stoppedChildren</c> as a
/// failed attempt whether or not it still exists.
/// </summary>
public sealed class ObservedChildren
{
    private ObservedChildren(Dictionary<ChildKey, ObservedChild> states, Dictionary<ChildKey, IKubernetesObject<V1ObjectMeta>> objects)
    {
        States = states;
        Objects = objects;
    }

    public IReadOnlyDictionary<ChildKey, ObservedChild> States { get; }

    /// <summary>The child objects that exist, by key.</summary>
    public IReadOnlyDictionary<ChildKey, IKubernetesObject<V1ObjectMeta>> Objects { get; }

    public static ObservedChildren Read(
        WorkflowRun run, IEnumerable<V1Job> jobs, IEnumerable<Scaffold> scaffolds, IEnumerable<V1ConfigMap> records, string instance)
    {
        ArgumentNullException.ThrowIfNull(run);
        var states = new Dictionary<ChildKey, ObservedChild>();
        var objects = new Dictionary<ChildKey, IKubernetesObject<V1ObjectMeta>>();
        var stopped = (run.Status?.StoppedChildren ?? []).ToDictionary(s => s.Name, StringComparer.Ordinal);

        void Add(IKubernetesObject<V1ObjectMeta> child, Func<ObservedChild> observe)
        {
            if (Key(child) is not { } key)
            {
                return;
            }

            objects[key] = child;
            states[key] = stopped.TryGetValue(child.Name(), out var stop) ? Stopped(stop, child.Metadata.CreationTimestamp) : observe();
        }

        foreach (var job in jobs)
        {
            Add(job, () => OfJob(job));
        }

        foreach (var scaffold in scaffolds)
        {
            Add(scaffold, () => OfScaffold(scaffold));
        }

        foreach (var record in records)
        {
            Add(record, () => ToolCallRecord.Observe(record, instance));
        }

        // A stopped child that is gone already stays a failed attempt.
        foreach (var stop in stopped.Values)
        {
            states.TryAdd(new ChildKey(stop.Step, stop.Item, stop.Attempt), Stopped(stop, null));
        }

        return new ObservedChildren(states, objects);
    }

    /// <summary>The step, item and attempt a child says it is, or null when it is not a step child.</summary>
    public static ChildKey? Key(IKubernetesObject<V1ObjectMeta> child)
    {
        ArgumentNullException.ThrowIfNull(child);
        var labels = child.Metadata.Labels;
        var annotations = child.Metadata.Annotations;
        if (DataValue.Of(labels, WorkflowRunLabels.Purpose) != WorkflowRunLabels.StepChild
            || DataValue.Of(labels, WorkflowRunLabels.Step) is not { Length: > 0 } step
            || !int.TryParse(DataValue.Of(annotations, WorkflowRunLabels.Attempt), CultureInfo.InvariantCulture, out var attempt) || attempt < 1)
        {
            return null;
        }

        int? item = int.TryParse(DataValue.Of(annotations, WorkflowRunLabels.Item), CultureInfo.InvariantCulture, out var i) ? i : null;
        return new ChildKey(step, item, attempt);
    }

    /// <summary>Whether <paramref name="job"/> failed and its failure is not described on it yet (<see cref="WorkflowRunLabels.Failure"/>).</summary>
    public static bool NeedsFailureDescription(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return SandboxJobState.Of(job) is SandboxJobPhase.Failed or SandboxJobPhase.TimedOut
            && DataValue.Of(job.Metadata.Annotations, WorkflowRunLabels.Failure) is null;
    }

    public static ObservedChild OfJob(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var started = job.Status?.StartTime ?? job.Metadata.CreationTimestamp;
        var failed = job.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True");
        return SandboxJobState.Of(job) switch
        {
            SandboxJobPhase.Succeeded => new ObservedChild(ChildState.Succeeded, started, job.Status?.CompletionTime),
            SandboxJobPhase.Failed or SandboxJobPhase.TimedOut => new ObservedChild(ChildState.Failed, started, failed?.LastTransitionTime ?? started,
                $"Job {job.Name()} failed: {failed?.Reason}{(string.IsNullOrEmpty(failed?.Message) ? "" : ": " + failed.Message)}"
                + (DataValue.Of(job.Metadata.Annotations, WorkflowRunLabels.Failure) is { Length: > 0 } how ? $"; {how}" : "")),
            _ => new ObservedChild((job.Status?.Active ?? 0) > 0 || job.Status?.StartTime is not null ? ChildState.Running : ChildState.Pending, started),
        };
    }

    public static ObservedChild OfScaffold(Scaffold scaffold)
    {
        ArgumentNullException.ThrowIfNull(scaffold);
        var started = scaffold.Status?.StartTime ?? scaffold.Metadata.CreationTimestamp;
        return scaffold.Status?.Phase switch
        {
            ScaffoldPhase.Succeeded => new ObservedChild(ChildState.Succeeded, started, scaffold.Status.CompletionTime),
            ScaffoldPhase.Failed => new ObservedChild(ChildState.Failed, started, scaffold.Status.CompletionTime ?? started,
                $"Scaffold {scaffold.Metadata.Name} failed: {scaffold.Status.Message}"),
            _ => new ObservedChild(ChildState.Running, started),
        };
    }

    private static ObservedChild Stopped(WorkflowStoppedChild stop, DateTime? created) =>
        new(ChildState.Failed, created ?? stop.Time, stop.Time, stop.Message ?? $"Stopped: {stop.Reason}.");
}
