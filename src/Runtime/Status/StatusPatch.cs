using System.Text.Json.Nodes;
using k8s;

namespace DynamoMcp.Runtime.Status;

/// <summary>The merge patch for the /status subresource that turns an object's old status into its new one.</summary>
public static class StatusPatch
{
    /// <summary>Returns the patch body (<c>{"status": …}</c>), or null when the status did not change.</summary>
    public static string? Compute(object? old, object updated)
    {
        var oldStatus = old is null ? null : StatusOf(old);
        var newStatus = StatusOf(updated);
        if (!JsonMergePatch.TryCreate(oldStatus, newStatus, out var diff))
        {
            return null;
        }

        return new JsonObject { ["status"] = diff }.ToJsonString();
    }

    private static JsonNode? StatusOf(object obj) =>
        JsonNode.Parse(KubernetesJson.Serialize(obj)) is JsonObject json && json.TryGetPropertyValue("status", out var status)
            ? status
            : null;
}
