using System.Text.Json.Nodes;
using k8s;

namespace DynamoMcp.Runtime.Status;

/// <summary>The merge patch for the /status subresource that turns an object's old status into its new one.</summary>
public static class StatusPatch
{
    /// <summary>Returns the patch body (<c>{"status": …}</c>), or null when the status did not change.</summary>
    /// <param name="resourceVersion">When set, the patch carries it as a precondition: the API server refuses it (409) if the object changed since.</param>
    public static string? Compute(object? old, object updated, string? resourceVersion = null)
    {
        var oldStatus = old is null ? null : StatusOf(old);
        var newStatus = StatusOf(updated);
        if (!JsonMergePatch.TryCreate(oldStatus, newStatus, out var diff))
        {
            return null;
        }

        var patch = new JsonObject { ["status"] = diff };
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            patch["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion };
        }

        return patch.ToJsonString();
    }

    private static JsonNode? StatusOf(object obj) =>
        JsonNode.Parse(KubernetesJson.Serialize(obj)) is JsonObject json && json.TryGetPropertyValue("status", out var status)
            ? status
            : null;
}
