using System.Text.Json.Nodes;

namespace DynamoMcp.Runtime.Status;

/// <summary>Computes an RFC 7386 JSON merge patch that turns one document into another.</summary>
public static class JsonMergePatch
{
    /// <summary>
    /// Returns false when <paramref name="from"/> and <paramref name="to"/> are equal; otherwise the patch
    /// (removed members become null, arrays and scalars are replaced whole).
    /// </summary>
    public static bool TryCreate(JsonNode? from, JsonNode? to, out JsonNode? patch)
    {
        if (from is JsonObject fromObject && to is JsonObject toObject)
        {
            var result = new JsonObject();
            foreach (var (name, _) in fromObject)
            {
                if (!toObject.ContainsKey(name))
                {
                    result[name] = null;
                }
            }

            foreach (var (name, value) in toObject)
            {
                if (!fromObject.TryGetPropertyValue(name, out var previous))
                {
                    result[name] = value?.DeepClone();
                }
                else if (TryCreate(previous, value, out var child))
                {
                    result[name] = child;
                }
            }

            patch = result.Count == 0 ? null : result;
            return result.Count > 0;
        }

        if (JsonNode.DeepEquals(from, to))
        {
            patch = null;
            return false;
        }

        patch = to?.DeepClone();
        return true;
    }
}
