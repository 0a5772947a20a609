using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static DynamoMcp.LocalCluster.Schema.SchemaKeywords;

namespace DynamoMcp.LocalCluster.Schema;

/// <summary>
/// Validates a value against a CRD's structural openAPIV3Schema the way kube-apiserver does (kube-openapi's validator
/// plus apiextensions' mapping of its errors to field errors), so LocalCluster answers 422 with the same messages.
/// </summary>
/// <remarks>
/// Covers type (integer vs number, nullable), required, enum, pattern, format (date-time, date, byte, uuid, ipv4,
/// ipv6, cidr, hostname, duration), minimum/maximum (and exclusive), multipleOf, minLength/maxLength (in runes),
/// minItems/maxItems, uniqueItems, minProperties/maxProperties, properties, additionalProperties, items,
/// allOf/anyOf/oneOf/not, x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields and
/// x-kubernetes-list-type set/map uniqueness. CEL rules (<c>x-kubernetes-validations</c>) are NOT evaluated, and
/// neither are metadata rules (name format), which the API server checks separately from the schema.
/// Regular expressions run on .NET's engine; the patterns CRDs use (RE2 syntax) behave the same there.
/// </remarks>
public static class SchemaValidator
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static IReadOnlyList<SchemaFieldError> Validate(JsonNode? value, JsonObject schema, string path = "")
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<SchemaFieldError>();
        ValidateNode(value, schema, path ?? "", errors);
        return errors;
    }

    private static void ValidateNode(JsonNode? value, JsonObject schema, string path, List<SchemaFieldError> errors)
    {
        var actual = TypeName(value);
        if (value is null && IsNullable(schema))
        {
            return;
        }

        if (!CheckType(value, actual, schema, path, errors))
        {
            return;
        }

        CheckEnum(value, schema, path, errors);
        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            case JsonValue scalar when actual == "string":
                CheckString(scalar.GetValue<string>(), scalar, schema, path, errors);
                break;
            case JsonValue scalar when actual is "integer" or "number":
                CheckNumber(scalar, schema, path, errors);
                break;
        }

        CheckComposition(value, schema, path, errors);
    }

    private static bool CheckType(JsonNode? value, string actual, JsonObject schema, string path, List<SchemaFieldError> errors)
    {
        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            if (actual is "integer" or "string")
            {
                return true;
            }

            errors.Add(TypeError(path, actual, "integer,string"));
            return false;
        }

        var expected = String(schema, "type");
        if (expected is null)
        {
            // No type: only legal with x-kubernetes-preserve-unknown-fields; anything goes (null included).
            return true;
        }

        var ok = expected switch
        {
            "number" => actual is "number" or "integer",
            _ => expected == actual,
        };
        if (!ok)
        {
            errors.Add(TypeError(path, actual, expected));
        }

        return ok;
    }

    private static SchemaFieldError TypeError(string path, string actual, string expected) =>
        new(path, FieldErrorTypes.Invalid, $"{path} in body must be of type {expected}: {SchemaFieldError.Quote(actual)}", actual)
        {
            IsTypeError = true,
        };

    private static void CheckEnum(JsonNode? value, JsonObject schema, string path, List<SchemaFieldError> errors)
    {
        if (schema["enum"] is not JsonArray allowed || allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            return;
        }

        var supported = allowed.Select(a => a is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? SchemaFieldError.Quote(v.GetValue<string>())
            : SchemaFieldError.Quote(a?.ToJsonString() ?? "null"));
        errors.Add(new SchemaFieldError(path, FieldErrorTypes.NotSupported, "supported values: " + string.Join(", ", supported), value?.DeepClone()));
    }

    private static void CheckString(string text, JsonValue node, JsonObject schema, string path, List<SchemaFieldError> errors)
    {
        var runes = text.EnumerateRunes().Count();
        if (Integer(schema, "maxLength") is { } maxLength && runes > maxLength)
        {
            errors.Add(new SchemaFieldError(path, FieldErrorTypes.TooLong, $"may not be longer than {maxLength}", node.DeepClone()));
        }

        if (Integer(schema, "minLength") is { } minLength && runes < minLength)
        {
            errors.Add(Invalid(path, node, $"{path} in body should be at least {minLength} chars long"));
        }

        if (String(schema, "pattern") is { } pattern && !Pattern(pattern).IsMatch(text))
        {
            errors.Add(Invalid(path, node, $"{path} in body should match '{pattern}'"));
        }

        if (String(schema, "format") is { } format && !SchemaFormats.IsValid(format, text))
        {
            errors.Add(new SchemaFieldError(path, FieldErrorTypes.Invalid, $"{path} in body must be of type {format}: {SchemaFieldError.Quote(text)}", node.DeepClone())
            {
                IsTypeError = true,
            });
        }
    }

    private static void CheckNumber(JsonValue node, JsonObject schema, string path, List<SchemaFieldError> errors)
    {
        var number = ToDouble(node);
        if (Number(schema, "minimum") is { } minimum)
        {
            var exclusive = Flag(schema, "exclusiveMinimum");
            if (exclusive ? number <= minimum : number < minimum)
            {
                errors.Add(Invalid(path, node, $"{path} in body should be greater than {(exclusive ? "" : "or equal to ")}{SchemaFieldError.Number(minimum)}"));
            }
        }

        if (Number(schema, "maximum") is { } maximum)
        {
            var exclusive = Flag(schema, "exclusiveMaximum");
            if (exclusive ? number >= maximum : number > maximum)
            {
                errors.Add(Invalid(path, node, $"{path} in body should be less than {(exclusive ? "" : "or equal to ")}{SchemaFieldError.Number(maximum)}"));
            }
        }

        if (Number(schema, "multipleOf") is { } multipleOf && multipleOf > 0 && Math.Abs(Math.IEEERemainder(number, multipleOf)) > 1e-9)
        {
            errors.Add(Invalid(path, node, $"{path} in body should be a multiple of {SchemaFieldError.Number(multipleOf)}"));
        }
    }

    private static void CheckArray(JsonArray array, JsonObject schema, string path, List<SchemaFieldError> errors)
    {
        if (Integer(schema, "maxItems") is { } maxItems && array.Count > maxItems)
        {
            errors.Add(new SchemaFieldError(path, FieldErrorTypes.TooMany, $"must have at most {maxItems} items", JsonValue.Create(array.Count)));
        }

        if (Integer(schema, "minItems") is { } minItems && array.Count < minItems)
        {
            errors.Add(Invalid(path, array, $"{path} in body should have at least {minItems} items"));
        }

        if (Flag(schema, "uniqueItems") && HasDuplicates(array))
        {
            errors.Add(Invalid(path, array, $"{path} in body shouldn't contain duplicates"));
        }

        if (Object(schema, "items") is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                ValidateNode(array[i], items, Index(path, i), errors);
            }
        }

        CheckListType(array, schema, path, errors);
    }

    // apiextensions validates list types after the schema: duplicates are reported per index, like field.Duplicate.
    private static void CheckListType(JsonArray array, JsonObject schema, string path, List<SchemaFieldError> errors)
    {
        switch (String(schema, "x-kubernetes-list-type"))
        {
            case "set":
                for (var i = 0; i < array.Count; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        if (JsonNode.DeepEquals(array[i], array[j]))
                        {
                            errors.Add(new SchemaFieldError(Index(path, i), FieldErrorTypes.Duplicate, "", array[i]?.DeepClone()));
                            break;
                        }
                    }
                }

                break;
            case "map" when schema["x-kubernetes-list-map-keys"] is JsonArray keyArray:
                var keys = keyArray.Select(k => k!.GetValue<string>()).ToList();
                var seen = new List<JsonObject>();
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonObject item)
                    {
                        continue;
                    }

                    var key = new JsonObject(keys.Where(item.ContainsKey).Select(k => KeyValuePair.Create(k, item[k]?.DeepClone())));
                    if (seen.Any(s => JsonNode.DeepEquals(s, key)))
                    {
                        errors.Add(new SchemaFieldError(Index(path, i), FieldErrorTypes.Duplicate, "", key));
                    }
                    else
                    {
                        seen.Add(key);
                    }
                }

                break;
        }
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<SchemaFieldError> errors)
    {
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()).Where(n => !obj.ContainsKey(n)))
            {
                errors.Add(new SchemaFieldError(Child(path, name), FieldErrorTypes.Required, "", null));
            }
        }

        if (Integer(schema, "maxProperties") is { } maxProperties && obj.Count > maxProperties)
        {
            errors.Add(new SchemaFieldError(path, FieldErrorTypes.TooMany, $"must have at most {maxProperties} items", JsonValue.Create(obj.Count)));
        }

        if (Integer(schema, "minProperties") is { } minProperties && obj.Count < minProperties)
        {
            errors.Add(Invalid(path, obj, $"{path} in body should have at least {minProperties} properties"));
        }

        var properties = Properties(schema);
        var additional = AdditionalProperties(schema);
        foreach (var (key, child) in obj)
        {
            if (properties?[key] is JsonObject propertySchema)
            {
                ValidateNode(child, propertySchema, Child(path, key), errors);
            }
            else if (additional is not null)
            {
                ValidateNode(child, additional, Child(path, key), errors);
            }
        }
    }

    private static void CheckComposition(JsonNode? value, JsonObject schema, string path, List<SchemaFieldError> errors)
    {
        foreach (var branch in Branches(schema, "allOf"))
        {
            ValidateNode(value, branch, path, errors);
        }

        // The anyOf of x-kubernetes-int-or-string only restates the type check done above.
        var anyOf = Branches(schema, "anyOf").Select(b => Validate(value, b, path)).ToList();
        if (anyOf.Count > 0 && !Flag(schema, "x-kubernetes-int-or-string") && !anyOf.Any(r => r.Count == 0))
        {
            // Like kube-openapi: the composite failure plus the errors of the closest branch.
            errors.Add(Invalid(path, value, $"{path} must validate at least one schema (anyOf)"));
            errors.AddRange(anyOf.MinBy(r => r.Count)!);
        }

        var oneOf = Branches(schema, "oneOf").Select(b => Validate(value, b, path)).ToList();
        var oneOfValid = oneOf.Count(r => r.Count == 0);
        if (oneOf.Count > 0 && oneOfValid != 1)
        {
            errors.Add(Invalid(path, value, $"{path} must validate one and only one schema (oneOf)"));
            if (oneOfValid == 0)
            {
                errors.AddRange(oneOf.MinBy(r => r.Count)!);
            }
        }

        if (Object(schema, "not") is { } not && Validate(value, not, path).Count == 0)
        {
            errors.Add(Invalid(path, value, $"{path} must not validate the schema (not)"));
        }
    }

    private static SchemaFieldError Invalid(string path, JsonNode? value, string detail) =>
        new(path, FieldErrorTypes.Invalid, detail, value?.DeepClone());

    private static bool HasDuplicates(JsonArray array)
    {
        for (var i = 0; i < array.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (JsonNode.DeepEquals(array[i], array[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Regex Pattern(string pattern) =>
        Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
}
