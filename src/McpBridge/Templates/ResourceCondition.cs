using System.Text.Json.Nodes;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>A <c>status.conditions[]</c> entry (metav1.Condition) read from JSON.</summary>
public sealed record ResourceCondition(string Type, string Status, string? Reason, string? Message)
{
    public bool IsTrue => Status == "True";

    public static ResourceCondition? Find(JsonNode? status, string type)
    {
        if (status?["conditions"] is not JsonArray conditions)
        {
            return null;
        }

        foreach (var c in conditions.OfType<JsonObject>())
        {
            if (c["type"]?.GetValue<string>() == type)
            {
                return new ResourceCondition(
                    type,
                    c["status"]?.GetValue<string>() ?? "Unknown",
                    c["reason"]?.GetValue<string>(),
                    c["message"]?.GetValue<string>());
            }
        }

        return null;
    }
}
