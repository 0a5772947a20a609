using System.Text.Json;

namespace DynamoMcp.Generator.Tests;

/// <summary>
/// Checks an instance against the subset of JSON Schema the generator emits (object, properties, type,
/// enum, maxLength, additionalProperties: false), so tests show the schema accepts and rejects what it should.
/// </summary>
public static class JsonSchemaCheck
{
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        if (instance.ValueKind != JsonValueKind.Object)
        {
            errors.Add("instance is not an object");
            return errors;
        }

        var properties = schema.GetProperty("properties");
        var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        foreach (var member in instance.EnumerateObject())
        {
            if (!properties.TryGetProperty(member.Name, out var property))
            {
                if (closed)
                {
                    errors.Add($"{member.Name}: not allowed");
                }

                continue;
            }

            if (property.TryGetProperty("type", out var type) && !HasType(member.Value, type.GetString()!))
            {
                errors.Add($"{member.Name}: not of type {type.GetString()}");
            }

            if (property.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, member.Value)))
            {
                errors.Add($"{member.Name}: not one of the enum values");
            }

            if (property.TryGetProperty("maxLength", out var maxLength) && member.Value.ValueKind == JsonValueKind.String
                && member.Value.GetString()!.Length > maxLength.GetInt32())
            {
                errors.Add($"{member.Name}: longer than {maxLength.GetInt32()}");
            }
        }

        return errors;
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => false,
    };
}
