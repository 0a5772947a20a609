using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Cache;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>What the bridge needs of a Scaffold, read from its JSON.</summary>
public sealed record ScaffoldView(
    string Namespace,
    string Name,
    string TemplateName,
    string Phase,
    string? Message,
    IReadOnlyList<string> Files,
    JsonObject? Artifact)
{
    public bool IsFinished => Phase is "Succeeded" or "Failed";

    public static ScaffoldView From(CachedResource resource)
    {
        var spec = resource.Object["spec"];
        var status = resource.Object["status"];
        return new ScaffoldView(
            resource.Namespace,
            resource.Name,
            Str(spec?["templateRef"]?["name"]) ?? "",
            Str(status?["phase"]) ?? "Pending",
            Str(status?["message"]),
            status?["files"] is JsonArray files ? [.. files.Select(f => Str(f?["path"]) ?? Str(f)).OfType<string>()] : [],
            status?["artifact"] as JsonObject);
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
