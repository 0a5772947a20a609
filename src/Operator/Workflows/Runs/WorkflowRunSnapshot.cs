using System.Globalization;
using System.Text.Json.Nodes;
using DynamoMcp.Api;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Workflows.Runs;

/// <summary>
/// What a run runs, pinned when it starts: the Workflow's spec and the inputs with their defaults, in an owned,
/// immutable ConfigMap. A Workflow edited or deleted mid-run does not change a run under way, and a restarted operator
/// plans from exactly what the run started with.
/// </summary>
public sealed record WorkflowRunSnapshot(string WorkflowName, long Generation, WorkflowSpec Spec, IDictionary<string, object?> Inputs)
{
    public const string SpecKey = "workflow.json";
    public const string InputsKey = "inputs.json";
    public const string GenerationAnnotation = WellKnown.Group + "/workflow-generation";

    /// <summary>The ConfigMap's name: <c>&lt;run&gt;-workflow</c>.</summary>
    public static string ConfigMapName(WorkflowRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ChildNames.WithSuffix(run.Metadata.Name, "workflow");
    }

    /// <summary>The ConfigMap that pins <paramref name="workflow"/> and <paramref name="inputs"/> for <paramref name="run"/>. Pure.</summary>
    public static V1ConfigMap Build(WorkflowRun run, Workflow workflow, IDictionary<string, object?> inputs)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(inputs);
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = ConfigMapName(run),
                NamespaceProperty = run.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(WorkflowRun.KubeKind, run.Metadata.Name), StringComparer.Ordinal)
                {
                    [WorkflowRunLabels.Purpose] = WorkflowRunLabels.Snapshot,
                },
                Annotations = new Dictionary<string, string>
                {
                    [GenerationAnnotation] = (workflow.Metadata.Generation ?? 0).ToString(CultureInfo.InvariantCulture),
                },
                OwnerReferences = [SandboxJobBuilder.OwnerReference(run.ApiVersion, WorkflowRun.KubeKind, run.Metadata)],
            },
            Data = new Dictionary<string, string>
            {
                [SpecKey] = KubernetesJson.Serialize(workflow.Spec),
                [InputsKey] = FreeForm.ToJsonObject(inputs).ToJsonString(),
            },
            Immutable = true,
        };
    }

    /// <summary>The snapshot a ConfigMap holds, or null when it is not one (wrong keys, unreadable JSON).</summary>
    public static WorkflowRunSnapshot? Read(V1ConfigMap map, string workflowName)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Data?.TryGetValue(SpecKey, out var specJson) != true || map.Data.TryGetValue(InputsKey, out var inputsJson) != true)
        {
            return null;
        }

        try
        {
            var spec = KubernetesJson.Deserialize<WorkflowSpec>(specJson!);
            var inputs = JsonNode.Parse(inputsJson!) as JsonObject ?? [];
            long.TryParse(DataValue.Of(map.Metadata.Annotations, GenerationAnnotation), CultureInfo.InvariantCulture, out var generation);
            return new WorkflowRunSnapshot(workflowName, generation, spec, FreeForm.FromJsonObject(inputs));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
