using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamoMcp.Api.Serialization;

/// <summary>
/// Converts free-form values (template variables, tool arguments, JSON Schemas) between the plain CLR
/// shape that both KubernetesJson and KubernetesYaml can carry and <see cref="JsonNode"/>.
/// </summary>
/// <remarks>
/// KubernetesYaml (YamlDotNet) cannot read or write <see cref="JsonNode"/> or <see cref="JsonElement"/>, and
/// offers no way to register a converter, so free-form properties hold plain values instead:
/// <see cref="IDictionary{TKey,TValue}"/> of string to value, lists, strings, booleans, numbers and null.
/// </remarks>
public static class FreeForm
{
    /// <summary>Converts a plain value (from either serializer) into a JSON node.</summary>
    public static JsonNode? ToJsonNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        short s16 => JsonValue.Create(s16),
        byte u8 => JsonValue.Create(u8),
        uint u32 => JsonValue.Create(u32),
        ulong u64 => JsonValue.Create(u64),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        decimal m => JsonValue.Create(m),
        IDictionary dictionary => ToJsonObject(dictionary),
        IEnumerable sequence => new JsonArray(sequence.Cast<object?>().Select(ToJsonNode).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>Converts a JSON node into the plain shape stored in free-form properties.</summary>
    public static object? FromJsonNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => FromJsonObject(obj),
        JsonArray array => array.Select(FromJsonNode).ToList(),
        JsonValue value => FromJsonValue(value),
        _ => throw new ArgumentException($"Unsupported JSON node {node.GetType().Name}.", nameof(node)),
    };

    /// <summary>Converts a JSON object into the plain dictionary stored in free-form object properties.</summary>
    public static Dictionary<string, object?> FromJsonObject(JsonObject obj)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, child) in obj)
        {
            result[key] = FromJsonNode(child);
        }

        return result;
    }

    /// <summary>Converts a free-form dictionary (from either serializer) into a JSON object.</summary>
    public static JsonObject ToJsonObject(IDictionary dictionary)
    {
        var obj = new JsonObject();
        foreach (DictionaryEntry entry in dictionary)
        {
            var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)
                ?? throw new ArgumentException("A free-form object has a null key.", nameof(dictionary));
            obj[key] = ToJsonNode(entry.Value);
        }

        return obj;
    }

    /// <summary>Converts a free-form object property into a JSON object.</summary>
    public static JsonObject ToJsonObject(IEnumerable<KeyValuePair<string, object?>> properties)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in properties)
        {
            obj[key] = ToJsonNode(value);
        }

        return obj;
    }

    private static object? FromJsonValue(JsonValue value)
    {
        // Values parsed from JSON hold a JsonElement; values created in code (JsonValue.Create("x")) hold the CLR value.
        var element = value.TryGetValue<JsonElement>(out var parsed) ? parsed : JsonElement.Parse(value.ToJsonString());
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            JsonValueKind.Number when element.TryGetInt64(out var l) => l,
            JsonValueKind.Number => element.GetDouble(),
            _ => throw new ArgumentException($"Unexpected JSON value kind {element.ValueKind}.", nameof(value)),
        };
    }
}
