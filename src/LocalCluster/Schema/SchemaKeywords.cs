using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Schema;

/// <summary>Small readers over a schema node shared by the validator, pruner and defaulter.</summary>
internal static class SchemaKeywords
{
    public static bool Flag(JsonObject schema, string keyword) =>
        schema[keyword] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static string? String(JsonObject schema, string keyword) =>
        schema[keyword] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static double? Number(JsonObject schema, string keyword) =>
        schema[keyword] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? ToDouble(v) : null;

    public static long? Integer(JsonObject schema, string keyword) =>
        Number(schema, keyword) is { } d ? (long)d : null;

    public static JsonObject? Object(JsonObject schema, string keyword) => schema[keyword] as JsonObject;

    public static JsonObject? Properties(JsonObject schema) => schema["properties"] as JsonObject;

    /// <summary>additionalProperties as a schema (a boolean true is returned as an empty schema).</summary>
    public static JsonObject? AdditionalProperties(JsonObject schema) => schema["additionalProperties"] switch
    {
        JsonObject o => o,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => [],
        _ => null,
    };

    public static bool PreservesUnknownFields(JsonObject schema) => Flag(schema, "x-kubernetes-preserve-unknown-fields");

    public static bool IsNullable(JsonObject schema) => Flag(schema, "nullable");

    public static IEnumerable<JsonObject> Branches(JsonObject schema, string keyword) =>
        schema[keyword] is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>JSON type name of a value as kube-openapi reports it.</summary>
    public static string TypeName(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            JsonValueKind.Null => "null",
            _ => "unknown",
        },
        _ => "unknown",
    };

    // Like swag.IsFloat64AJSONInteger: 3.0 counts as an integer.
    public static bool IsInteger(JsonValue value)
    {
        if (value.TryGetValue<long>(out _) || value.TryGetValue<int>(out _))
        {
            return true;
        }

        var d = ToDouble(value);
        return !double.IsInfinity(d) && Math.Floor(d) == d && Math.Abs(d) < 9.007199254740992E15;
    }

    /// <summary>A number node as double, whether parsed (JsonElement-backed) or created from a CLR number.</summary>
    public static double ToDouble(JsonValue value)
    {
        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        return double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) => $"{path}[{index}]";
}
