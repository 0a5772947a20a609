using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.Workflows;

/// <summary>
/// Checks a run's inputs against a Workflow's inputs schema, the JSON Schema subset a workflow declares: an object with
/// <c>properties</c> (each with <c>type</c> string, integer, number, boolean, array or object; <c>enum</c>;
/// <c>minLength</c>/<c>maxLength</c>, <c>minimum</c>/<c>maximum</c>, <c>pattern</c>, array <c>items.type</c>),
/// <c>required</c> and <c>additionalProperties: false</c>. Used by the bridge before it creates a run and by the operator
/// before a run starts, so both give the same messages. Pure.
/// </summary>
public static class WorkflowInputsValidator
{
    /// <summary>Problems with <paramref name="inputs"/> (empty: valid), each "inputs.&lt;name&gt;: what is wrong".</summary>
    public static IReadOnlyList<string> Validate(IDictionary<string, object?>? schema, IDictionary<string, object?>? inputs)
    {
        var problems = new List<string>();
        var declared = Properties(schema);
        var given = inputs is null ? [] : FreeForm.ToJsonObject(inputs);
        var root = schema is null ? null : FreeForm.ToJsonNode(schema) as JsonObject;
        if (root?["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : null).OfType<string>())
            {
                if (!given.ContainsKey(name) && declared.GetValueOrDefault(name)?["default"] is null)
                {
                    problems.Add($"inputs.{name}: required, and the run does not give it");
                }
            }
        }

        // Checked whether or not the schema lists required inputs (it once was only inside that branch).
        if (root?["additionalProperties"] is JsonValue extra && extra.GetValueKind() == JsonValueKind.False)
        {
            var known = declared.Count == 0 ? "it takes no inputs" : "inputs: " + string.Join(", ", declared.Keys);
            foreach (var name in given.Select(p => p.Key).Where(n => !declared.ContainsKey(n)))
            {
                problems.Add($"inputs.{name}: not an input of this workflow ({known})");
            }
        }

        foreach (var (name, value) in given)
        {
            if (declared.TryGetValue(name, out var property) && property is not null)
            {
                Check($"inputs.{name}", property, value, problems);
            }
        }

        return problems;
    }

    /// <summary>The inputs with every declared <c>default</c> filled in where the run gives none.</summary>
    public static IDictionary<string, object?> WithDefaults(IDictionary<string, object?>? schema, IDictionary<string, object?>? inputs)
    {
        var result = inputs is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : FreeForm.FromJsonObject(FreeForm.ToJsonObject(inputs));
        foreach (var (name, property) in Properties(schema))
        {
            if (!result.ContainsKey(name) && property?["default"] is { } value)
            {
                result[name] = FreeForm.FromJsonNode(value.DeepClone());
            }
        }

        return result;
    }

    private static Dictionary<string, JsonObject?> Properties(IDictionary<string, object?>? schema) =>
        schema is not null && FreeForm.ToJsonNode(schema) is JsonObject root && root["properties"] is JsonObject properties
            ? properties.ToDictionary(p => p.Key, p => p.Value as JsonObject, StringComparer.Ordinal)
            : new Dictionary<string, JsonObject?>(StringComparer.Ordinal);

    private static void Check(string where, JsonObject schema, JsonNode? value, List<string> problems)
    {
        var type = schema["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        if (type is not null && !Matches(type, value, kind))
        {
            problems.Add($"{where}: must be {Article(type)} {type}, not {Describe(kind)}");
            return;
        }

        if (schema["enum"] is JsonArray choices && !choices.Any(c => JsonNode.DeepEquals(c, value)))
        {
            problems.Add($"{where}: must be one of {string.Join(", ", choices.Select(c => c?.ToJsonString() ?? "null"))}");
        }

        if (kind == JsonValueKind.String)
        {
            var text = value!.GetValue<string>();
            // JSON Schema counts characters (code points), not UTF-16 units: an emoji is one.
            var length = text.EnumerateRunes().Count();
            if (Number(schema, "minLength") is { } min && length < min)
            {
                problems.Add($"{where}: must be at least {min.ToString(CultureInfo.InvariantCulture)} characters long");
            }

            if (Number(schema, "maxLength") is { } max && length > max)
            {
                problems.Add($"{where}: must be at most {max.ToString(CultureInfo.InvariantCulture)} characters long");
            }

            if (schema["pattern"] is JsonValue p && p.GetValueKind() == JsonValueKind.String && !Pattern(p.GetValue<string>(), text))
            {
                problems.Add($"{where}: must match the pattern {p.GetValue<string>()}");
            }
        }

        if (kind == JsonValueKind.Number)
        {
            var number = AsDouble(value!);
            if (Number(schema, "minimum") is { } min && number < min)
            {
                problems.Add($"{where}: must be at least {min.ToString(CultureInfo.InvariantCulture)}");
            }

            if (Number(schema, "maximum") is { } max && number > max)
            {
                problems.Add($"{where}: must be at most {max.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        if (value is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check($"{where}[{i.ToString(CultureInfo.InvariantCulture)}]", items, array[i], problems);
            }
        }
    }

    private static bool Matches(string type, JsonNode? value, JsonValueKind kind) => type switch
    {
        "string" => kind == JsonValueKind.String,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "number" => kind == JsonValueKind.Number,
        "integer" => kind == JsonValueKind.Number && AsDouble(value!) is var d && Math.Floor(d) == d,
        "array" => kind == JsonValueKind.Array,
        "object" => kind == JsonValueKind.Object,
        "null" => kind == JsonValueKind.Null,
        _ => true,
    };

    private static bool Pattern(string pattern, string text)
    {
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(text, pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return true; // An unusable pattern is the workflow's problem (its validation says so), not the run's.
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static double? Number(JsonObject schema, string key) =>
        schema[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? AsDouble(v) : null;

    // A number node may hold a long, an int or a JsonElement: its JSON text reads the same.
    private static double AsDouble(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Article(string type) => type is "array" or "integer" or "object" ? "an" : "a";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
