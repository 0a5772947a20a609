using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// Checks variables against a template's input schema (the JSON Schema subset the operator emits: an object of
/// string/boolean/integer/number/array properties with enum, pattern and length limits) and lists every problem.
/// </summary>
public static class VariableValidator
{
    public static IReadOnlyList<string> Validate(JsonObject? schema, JsonObject? values)
    {
        var problems = new List<string>();
        values ??= [];
        var properties = schema?["properties"] as JsonObject ?? [];

        foreach (var (name, value) in values)
        {
            if (!properties.ContainsKey(name))
            {
                var known = properties.Count == 0 ? "this template takes no variables" : "known variables: " + string.Join(", ", properties.Select(p => p.Key));
                problems.Add($"'{name}' is not a variable of this template ({known}).");
                continue;
            }

            if (properties[name] is JsonObject propertySchema)
            {
                CheckValue(name, value, propertySchema, problems);
            }
        }

        if (schema?["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
            {
                if (!values.ContainsKey(name) || values[name] is null)
                {
                    problems.Add($"'{name}' is required.");
                }
            }
        }

        return problems;
    }

    private static void CheckValue(string name, JsonNode? value, JsonObject schema, List<string> problems)
    {
        var type = schema["type"] is JsonValue t && t.TryGetValue<string>(out var ts) ? ts : null;
        if (value is null)
        {
            problems.Add($"'{name}' is null; give a value or leave it out to use the default.");
            return;
        }

        var kind = value.GetValueKind();
        var typeOk = type switch
        {
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" => kind == JsonValueKind.Number && value.AsValue().TryGetValue<long>(out _),
            "number" => kind == JsonValueKind.Number,
            "array" => kind == JsonValueKind.Array,
            "object" => kind == JsonValueKind.Object,
            _ => true,
        };
        if (!typeOk)
        {
            problems.Add($"'{name}' must be of type {type}, got {Describe(kind)} {value.ToJsonString()}.");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            problems.Add($"'{name}' must be one of {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}; got {value.ToJsonString()}.");
        }

        if (kind == JsonValueKind.String)
        {
            var s = value.GetValue<string>();
            if (schema["minLength"] is JsonValue min && min.TryGetValue<int>(out var minLength) && s.Length < minLength)
            {
                problems.Add($"'{name}' must be at least {minLength} characters long.");
            }

            if (schema["maxLength"] is JsonValue max && max.TryGetValue<int>(out var maxLength) && s.Length > maxLength)
            {
                problems.Add($"'{name}' must be at most {maxLength} characters long.");
            }

            if (schema["pattern"] is JsonValue p && p.TryGetValue<string>(out var pattern)
                && !Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
            {
                problems.Add($"'{name}' must match the pattern {pattern}; got \"{s}\".");
            }
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };
}
