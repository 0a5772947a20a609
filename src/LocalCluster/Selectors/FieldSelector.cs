using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;
using DynamoMcp.LocalCluster.Storage;

namespace DynamoMcp.LocalCluster.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>: <c>path=v</c>, <c>path==v</c>, <c>path!=v</c> joined by commas. Paths are
/// dotted JSON paths (<c>metadata.name</c>, <c>involvedObject.uid</c>, <c>status.phase</c>); a missing field equals "".
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string[] Path, string Value, bool Negated)> _requirements = [];

    public bool IsEmpty => _requirements.Count == 0;

    public static FieldSelector Parse(string? text)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int i;
            bool negated;
            int skip;
            if ((i = raw.IndexOf("!=", StringComparison.Ordinal)) > 0)
            {
                (negated, skip) = (true, 2);
            }
            else if ((i = raw.IndexOf("==", StringComparison.Ordinal)) > 0)
            {
                (negated, skip) = (false, 2);
            }
            else if ((i = raw.IndexOf('=', StringComparison.Ordinal)) > 0)
            {
                (negated, skip) = (false, 1);
            }
            else
            {
                throw StatusBodies.BadRequest($"invalid field selector \"{text}\": \"{raw}\" is not of the form field=value or field!=value");
            }
            selector._requirements.Add((raw[..i].Trim().Split('.'), raw[(i + skip)..].Trim(), negated));
        }
        return selector;
    }

    public bool Matches(StoredObject obj)
    {
        if (_requirements.Count == 0)
        {
            return true;
        }
        JsonObject? json = null;
        foreach (var (path, value, negated) in _requirements)
        {
            string actual;
            if (path is ["metadata", "name"])
            {
                actual = obj.Name;
            }
            else if (path is ["metadata", "namespace"])
            {
                actual = obj.Namespace;
            }
            else
            {
                json ??= obj.ToJson();
                JsonNode? node = json;
                foreach (var segment in path)
                {
                    node = (node as JsonObject)?[segment];
                }
                actual = node switch
                {
                    null => "",
                    JsonValue v when v.TryGetValue<string>(out var s) => s,
                    _ => node.ToJsonString(),
                };
            }
            if ((actual == value) == negated)
            {
                return false;
            }
        }
        return true;
    }
}
