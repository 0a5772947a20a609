using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Templates;
using k8s.Models;

namespace DynamoMcp.McpBridge.Agents;

/// <summary>The Agent the bridge creates and the patch that terminates one, as the API's typed objects.</summary>
public static class AgentManifests
{
    /// <param name="parent">The calling agent (null for a person's call): the child's parentRef and a non-controller owner, so deleting the parent deletes the subtree.</param>
    public static Agent Agent(string @namespace, string name, AgentSpawnRequest request, IReadOnlyList<string> tools, string modelConfig, Agent? parent, string caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tools);
        return new Agent
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = @namespace,
                Labels = new Dictionary<string, string> { [TemplateManifests.CreatedByLabel] = TemplateManifests.LabelValue(caller) },
                OwnerReferences = parent is null ? null : [OwnerReference(parent)],
            },
            Spec = new AgentSpec
            {
                Goal = request.Goal,
                SystemPrompt = string.IsNullOrEmpty(request.SystemPrompt) ? null : request.SystemPrompt,
                ModelConfigRef = new ModelConfigReference { Name = modelConfig },
                Tools = tools.Count == 0 ? null : [.. tools],
                ParentRef = parent is null ? null : new AgentReference { Name = parent.Metadata.Name },
                MaxDepth = request.MaxDepth,
                MaxTokens = request.MaxTokens,
                MaxTurns = request.MaxTurns,
                TimeoutSeconds = request.TimeoutSeconds,
            },
        };
    }

    /// <summary>The parent as a non-controller owner that blocks its deletion until the child is gone (foreground deletion).</summary>
    public static V1OwnerReference OwnerReference(Agent parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return new V1OwnerReference
        {
            ApiVersion = WellKnown.ApiVersion,
            Kind = Api.V1Alpha1.Agent.KubeKind,
            Name = parent.Metadata.Name,
            Uid = parent.Metadata.Uid,
            Controller = false,
            BlockOwnerDeletion = true,
        };
    }

    /// <summary>
    /// <c>spec.terminate: true</c> as a merge patch (the CRD forbids setting it back). Anonymous, not an AgentSpec:
    /// that would carry its empty goal and modelConfigRef, which the CRD keeps immutable.
    /// </summary>
    public static V1Patch TerminatePatch() => new(new { spec = new { terminate = true } }, V1Patch.PatchType.MergePatch);
}
