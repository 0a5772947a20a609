using System.Globalization;
using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using DynamoMcp.Operator.Workflows.Planning;
using k8s.Models;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// The child of one attempt of a step (pure): a Scaffold for a scaffold step, a sandboxed Job for a container step, a
/// tool-call record ConfigMap for a toolCall step. Each carries the planner's deterministic name, the run's controller
/// owner reference, the step label and the item and attempt annotations, so a restarted operator reads the attempt
/// back from the child itself.
/// </summary>
public static class WorkflowStepChildBuilder
{
    public const string ContainerName = "step";
    public const string UnpackContainerName = "unpack";
    public const string ChunksPath = "/input/chunks";

    public static Scaffold Scaffold(WorkflowRun run, string workflow, WorkflowStep step, StartChild start, StepFields fields)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(fields);
        var action = step.Scaffold ?? throw new ArgumentException($"Step {step.Name} is not a scaffold step.", nameof(step));
        return new Scaffold
        {
            Metadata = Metadata(run, workflow, start),
            Spec = new ScaffoldSpec
            {
                TemplateRef = new TemplateReference { Name = action.TemplateRef.Name, Namespace = action.TemplateRef.Namespace },
                Variables = fields.Variables,
                TimeoutSeconds = step.TimeoutSeconds,
            },
        };
    }

    /// <summary>
    /// The sandbox Job of a container step: the user's container under Pod Security "restricted" with the sandbox's
    /// limits, no service-account token, no retries of its own (the run retries), no TTL (the Job is the attempt's
    /// record until the run goes). With a project, an init container of the generator image unpacks the Scaffold's
    /// stored archive (its chunk ConfigMaps mounted) into an emptyDir the step reads at /workspace.
    /// </summary>
    public static V1Job Job(WorkflowRun run, string workflow, WorkflowStep step, StartChild start, StepFields fields, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(options);
        var action = step.Container ?? throw new ArgumentException($"Step {step.Name} is not a container step.", nameof(step));
        var meta = Metadata(run, workflow, start);
        var env = new List<V1EnvVar> { new() { Name = "TMPDIR", Value = "/tmp" }, new() { Name = "HOME", Value = "/tmp" } };
        env.AddRange(fields.Env ?? []);
        var mounts = new List<V1VolumeMount> { new() { Name = SandboxJobBuilder.ScratchVolume, MountPath = "/tmp" } };
        if (fields.Project is not null)
        {
            mounts.Add(new V1VolumeMount { Name = SandboxJobBuilder.SourceVolume, MountPath = SandboxJobBuilder.SourcePath, ReadOnlyProperty = true });
        }

        var container = new V1Container
        {
            Name = ContainerName,
            Image = action.Image,
            ImagePullPolicy = options.ImagePullPolicy,
            Command = action.Command is { Count: > 0 } command ? [.. command] : null,
            Args = fields.Args is { Count: > 0 } args ? [.. args] : null,
            Env = env,
            Resources = SandboxJobBuilder.MergeResources(options.Resources, null),
            VolumeMounts = mounts,
            SecurityContext = SandboxJobBuilder.RestrictedSecurityContext(),
            TerminationMessagePolicy = "FallbackToLogsOnError",
        };

        var init = new List<V1Container>();
        if (fields.Project is { } project)
        {
            var unpack = SandboxJobBuilder.Container(
                UnpackContainerName,
                ["unpack", "--chunks", ChunksPath, "--sha256", project.Sha256, "--destination", SandboxJobBuilder.SourcePath],
                options, settings: null, mountGitSecret: false, mountSource: true, sourceReadOnly: false);
            foreach (var (_, i) in project.ConfigMaps.Select((m, i) => (m, i)))
            {
                unpack.VolumeMounts.Add(new V1VolumeMount { Name = ChunkVolume(i), MountPath = $"{ChunksPath}/{i.ToString(CultureInfo.InvariantCulture)}", ReadOnlyProperty = true });
            }

            init.Add(unpack);
        }

        var job = SandboxJobBuilder.Job(
            meta.Name, meta.NamespaceProperty, meta.OwnerReferences[0], WorkflowRun.KubeKind, WorkflowRunLabels.StepChild, workflow,
            new Dictionary<string, string>(meta.Annotations, StringComparer.Ordinal), init, container,
            gitSecretName: null, withSourceVolume: fields.Project is not null, step.TimeoutSeconds, settings: null, options);
        foreach (var (label, value) in meta.Labels)
        {
            job.Metadata.Labels[label] = value;
        }

        job.Spec.TtlSecondsAfterFinished = null;
        foreach (var (map, i) in (fields.Project?.ConfigMaps ?? []).Select((m, i) => (m, i)))
        {
            job.Spec.Template.Spec.Volumes.Add(new V1Volume { Name = ChunkVolume(i), ConfigMap = new V1ConfigMapVolumeSource { Name = map } });
        }

        return job;
    }

    /// <summary>The record of one tool call: created (state Running) before the call starts, completed by the caller.</summary>
    public static V1ConfigMap Record(WorkflowRun run, string workflow, WorkflowStep step, StartChild start, string instance)
    {
        ArgumentNullException.ThrowIfNull(step);
        var action = step.ToolCall ?? throw new ArgumentException($"Step {step.Name} is not a toolCall step.", nameof(step));
        var meta = Metadata(run, workflow, start);
        meta.Annotations[WorkflowRunLabels.Instance] = instance;
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = meta,
            Data = new Dictionary<string, string>
            {
                [ToolCallRecord.StateKey] = ToolCallRecord.Running,
                [ToolCallRecord.ServerKey] = action.Server,
                [ToolCallRecord.ToolKey] = action.Tool,
            },
        };
    }

    private static V1ObjectMeta Metadata(WorkflowRun run, string workflow, StartChild start)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(start);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WorkflowRunLabels.Attempt] = start.Attempt.ToString(CultureInfo.InvariantCulture),
        };
        if (start.Item is { } item)
        {
            annotations[WorkflowRunLabels.Item] = item.ToString(CultureInfo.InvariantCulture);
        }

        return new V1ObjectMeta
        {
            Name = start.ChildName,
            NamespaceProperty = run.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(WorkflowRun.KubeKind, run.Metadata.Name), StringComparer.Ordinal)
            {
                [WorkflowRunLabels.Purpose] = WorkflowRunLabels.StepChild,
                [WorkflowRunLabels.Step] = start.Step,
                [WellKnown.Labels.ForKind(Workflow.KubeKind)] = workflow,
            },
            Annotations = annotations,
            OwnerReferences = [SandboxJobBuilder.OwnerReference(run.ApiVersion, WorkflowRun.KubeKind, run.Metadata)],
        };
    }

    private static string ChunkVolume(int index) => "chunk-" + index.ToString(CultureInfo.InvariantCulture);
}
