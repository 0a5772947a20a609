using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DynamoMcp.LocalCluster.Printing;

/// <summary>
/// The JSONPath subset CRD printer columns use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*].b</c> and filters
/// <c>.a[?(@.type=="Ready")].status</c> (also <c>!=</c> and single quotes). Optional surrounding <c>{}</c>.
/// </summary>
internal static partial class SimpleJsonPath
{
    public static IReadOnlyList<JsonNode> Evaluate(JsonNode root, string path)
    {
        path = path.Trim();
        if (path.StartsWith('{') && path.EndsWith('}'))
        {
            path = path[1..^1];
        }
        if (path.StartsWith('$'))
        {
            path = path[1..];
        }
        var current = new List<JsonNode> { root };
        foreach (Match m in Step().Matches(path))
        {
            var next = new List<JsonNode>();
            foreach (var node in current)
            {
                if (m.Groups["name"].Success)
                {
                    if (node is JsonObject o && o[m.Groups["name"].Value] is { } child)
                    {
                        next.Add(child);
                    }
                }
                else if (node is JsonArray a)
                {
                    var index = m.Groups["index"].Value;
                    if (index == "*")
                    {
                        next.AddRange(a.OfType<JsonNode>());
                    }
                    else if (int.TryParse(index, out var i))
                    {
                        if (i < 0)
                        {
                            i += a.Count;
                        }
                        if (i >= 0 && i < a.Count && a[i] is { } item)
                        {
                            next.Add(item);
                        }
                    }
                    else if (m.Groups["field"].Success)
                    {
                        var field = m.Groups["field"].Value.Split('.');
                        var expected = m.Groups["value"].Value;
                        var negate = m.Groups["op"].Value == "!=";
                        foreach (var item in a.OfType<JsonNode>())
                        {
                            JsonNode? v = item;
                            foreach (var f in field)
                            {
                                v = (v as JsonObject)?[f];
                            }
                            var text = v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v?.ToJsonString();
                            if ((text == expected) != negate)
                            {
                                next.Add(item);
                            }
                        }
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /// <summary>Renders results the way kubectl prints them: strings bare, other values as JSON, several joined by commas.</summary>
    public static string? Render(JsonNode root, string path)
    {
        var results = Evaluate(root, path);
        if (results.Count == 0)
        {
            return null;
        }
        return string.Join(",", results.Select(r => r is JsonValue v && v.TryGetValue<string>(out var s) ? s : r.ToJsonString()));
    }

    [GeneratedRegex("""\.(?<name>[A-Za-z0-9_\-/]+)|\[(?:(?<index>\*|-?\d+)|\?\(@\.(?<field>[A-Za-z0-9_.\-]+)\s*(?<op>==|!=)\s*["'](?<value>[^"']*)["']\))\]""")]
    private static partial Regex Step();
}
