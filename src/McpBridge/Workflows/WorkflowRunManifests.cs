using System.Text.Json.Nodes;
using DynamoMcp.Api;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Templates;
using k8s.Models;

namespace DynamoMcp.McpBridge.Workflows;

/// <summary>The WorkflowRun the bridge creates and the patch that cancels one, as the API's typed objects.</summary>
public static class WorkflowRunManifests
{
    public static WorkflowRun WorkflowRun(string @namespace, string name, string workflow, JsonObject inputs, string caller) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            Labels = new Dictionary<string, string> { [TemplateManifests.CreatedByLabel] = TemplateManifests.LabelValue(caller) },
        },
        Spec = new WorkflowRunSpec
        {
            WorkflowRef = new WorkflowReference { Name = workflow },
            Inputs = inputs.Count == 0 ? null : FreeForm.FromJsonObject(inputs),
        },
    };

    /// <summary>
    /// <c>spec.cancel: true</c> as a merge patch (the CRD forbids setting it back). Anonymous, not a WorkflowRunSpec: that
    /// would carry its empty workflowRef, which the CRD keeps immutable; the tests read the result back typed.
    /// </summary>
    public static V1Patch CancelPatch() => new(new { spec = new { cancel = true } }, V1Patch.PatchType.MergePatch);
}
