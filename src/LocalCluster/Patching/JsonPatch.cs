using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Patching;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy and test on JSON pointers.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        foreach (var opNode in operations)
        {
            if (opNode is not JsonObject op)
            {
                throw StatusBodies.BadRequest("a JSON patch must be an array of operation objects");
            }
            var name = op["op"]?.GetValue<string>() ?? throw StatusBodies.BadRequest("a JSON patch operation needs \"op\"");
            var path = op["path"]?.GetValue<string>() ?? throw StatusBodies.BadRequest($"the JSON patch operation \"{name}\" needs \"path\"");
            switch (name)
            {
                case "add":
                    document = Add(document, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = op["from"]!.GetValue<string>();
                        var value = Get(document, from);
                        Remove(document, from);
                        document = Add(document, path, value);
                        break;
                    }
                case "copy":
                    document = Add(document, path, Get(document, op["from"]!.GetValue<string>())?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), op["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the JSON patch test operation failed: the value at {path} is not the one given");
                    }
                    break;
                default:
                    throw StatusBodies.BadRequest($"unknown JSON patch operation \"{name}\"; use add, remove, replace, move, copy or test");
            }
        }
        return document;
    }

    private static string[] Segments(string path) =>
        path.Length == 0 ? [] : [.. path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode? Get(JsonNode document, string path)
    {
        JsonNode? node = document;
        foreach (var s in Segments(path))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(s, out var v) => v,
                JsonArray a when int.TryParse(s, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw MissingPath(path),
            };
        }
        return node;
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        var segments = Segments(path);
        if (segments.Length == 0)
        {
            return value ?? throw StatusBodies.BadRequest("a JSON patch cannot replace the whole document with null");
        }
        var parent = segments.Length == 1 ? document : Get(document, path[..path.LastIndexOf('/')]);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw MissingPath(path);
        }
        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var segments = Segments(path);
        var parent = segments.Length == 1 ? document : Get(document, path[..path.LastIndexOf('/')]);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw MissingPath(path);
        }
    }

    private static ApiException MissingPath(string path) =>
        new(422, "Invalid", $"the JSON patch could not be applied: the path \"{path}\" does not exist in the object");
}
