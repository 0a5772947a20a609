using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Resources;

/// <summary>The parts of <c>meta/v1 DeleteOptions</c> the server honours.</summary>
internal sealed record DeleteOptions(string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion)
{
    public static readonly DeleteOptions Default = new(null, null, null);

    public static DeleteOptions From(JsonObject? body, string? queryPolicy)
    {
        var policy = queryPolicy ?? body?["propagationPolicy"]?.GetValue<string>();
        if (policy is null && body?["orphanDependents"] is JsonValue orphan && orphan.TryGetValue<bool>(out var o))
        {
            policy = o ? "Orphan" : "Background";
        }
        return new DeleteOptions(policy, body?["preconditions"]?["uid"]?.GetValue<string>(), body?["preconditions"]?["resourceVersion"]?.GetValue<string>());
    }
}
