using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using k8s.Models;

namespace DynamoMcp.McpBridge.Workflows;

/// <summary>
/// Outputs of a run or a step: inline in status, or — when larger than 4 KiB — in a ConfigMap the run owns, key
/// <see cref="Key"/>, a JSON object (pure: the service fetches the ConfigMap).
/// </summary>
public static class WorkflowOutputs
{
    /// <summary>The ConfigMap key the operator writes outputs under.</summary>
    public const string Key = Api.Workflows.WorkflowOutputsConfigMap.Key;

    public static JsonObject? Inline(IDictionary<string, object?>? outputs) => outputs is null ? null : FreeForm.ToJsonObject(outputs);

    /// <summary>The outputs stored in <paramref name="configMap"/>, which must be owned by <paramref name="run"/> (its uid).</summary>
    /// <exception cref="WorkflowOutputsException">The ConfigMap is not the run's, or holds no JSON object under <see cref="Key"/>.</exception>
    public static JsonObject FromConfigMap(WorkflowRun run, V1ConfigMap configMap)
    {
        var name = configMap.Metadata?.Name;
        if (configMap.Metadata?.OwnerReferences?.Any(o => o.Uid == run.Metadata.Uid && o.Kind == WorkflowRun.KubeKind) != true)
        {
            throw new WorkflowOutputsException($"ConfigMap '{name}' is not owned by this run (uid {run.Metadata.Uid}): it may be left from an earlier run of the same name");
        }

        if (configMap.Data?.TryGetValue(Key, out var json) != true || json is null)
        {
            throw new WorkflowOutputsException($"ConfigMap '{name}' has no key {Key}");
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new WorkflowOutputsException($"ConfigMap '{name}' key {Key} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new WorkflowOutputsException($"ConfigMap '{name}' key {Key} is not valid JSON ({e.Message})");
        }
    }
}
