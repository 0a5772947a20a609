using System.Text.Json.Nodes;
using static DynamoMcp.LocalCluster.Schema.SchemaKeywords;

namespace DynamoMcp.LocalCluster.Schema;

/// <summary>
/// Applies schema <c>default</c>s in place the way kube-apiserver's structural defaulting does: a property gets its
/// default when it is absent, or null while the schema does not allow null; defaults are applied top-down, so a
/// defaulted object also receives the defaults of its own properties. Parents are never created to hold a default.
/// Defaults of <c>additionalProperties</c> and <c>items</c> schemas replace null map values and list items.
/// Like the API server (since 1.20), nulls of non-nullable fields that have no default are dropped first
/// (<see cref="PruneNonNullableNulls"/>), so <c>field: null</c> means "unset" instead of failing validation.
/// </summary>
public static class SchemaDefaulter
{
    /// <summary>Drops non-nullable nulls without defaults, then applies defaults in place; returns the paths that received one.</summary>
    public static IReadOnlyList<string> ApplyDefaults(JsonNode value, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(schema);
        PruneNonNullableNulls(value, schema);
        var applied = new List<string>();
        Default(value, schema, "", applied);
        return applied;
    }

    /// <summary>
    /// Removes object fields whose value is null although their schema is neither nullable nor defaulted
    /// (apiextensions' PruneNonNullableNullsWithoutDefaults); returns the removed paths. Fields the schema does not
    /// specify (free-form data under preserve-unknown-fields) keep their nulls.
    /// </summary>
    public static IReadOnlyList<string> PruneNonNullableNulls(JsonNode value, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(schema);
        var removed = new List<string>();
        PruneNulls(value, schema, "", removed);
        return removed;
    }

    private static void PruneNulls(JsonNode? value, JsonObject schema, string path, List<string> removed)
    {
        switch (value)
        {
            case JsonObject obj:
                var properties = Properties(schema);
                var additional = AdditionalProperties(schema);
                foreach (var (key, child) in obj.ToList())
                {
                    var childSchema = properties?[key] as JsonObject ?? additional;
                    if (childSchema is null)
                    {
                        continue;
                    }

                    if (child is null && childSchema["default"] is null && !IsNullable(childSchema))
                    {
                        obj.Remove(key);
                        removed.Add(Child(path, key));
                        continue;
                    }

                    PruneNulls(child, childSchema, Child(path, key), removed);
                }

                break;
            case JsonArray array when Object(schema, "items") is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    PruneNulls(array[i], items, Index(path, i), removed);
                }

                break;
        }
    }

    private static void Default(JsonNode? value, JsonObject schema, string path, List<string> applied)
    {
        switch (value)
        {
            case JsonObject obj:
                var properties = Properties(schema);
                if (properties is not null)
                {
                    foreach (var (key, propertyNode) in properties)
                    {
                        if (propertyNode is JsonObject propertySchema && propertySchema["default"] is { } defaultValue
                            && (!obj.TryGetPropertyValue(key, out var current) || (current is null && !IsNullable(propertySchema))))
                        {
                            obj[key] = defaultValue.DeepClone();
                            applied.Add(Child(path, key));
                        }
                    }
                }

                var additional = AdditionalProperties(schema);
                foreach (var (key, child) in obj.ToList())
                {
                    if (properties?[key] is JsonObject propertySchema)
                    {
                        Default(child, propertySchema, Child(path, key), applied);
                    }
                    else if (additional is not null)
                    {
                        if (child is null && additional["default"] is { } mapDefault && !IsNullable(additional))
                        {
                            obj[key] = mapDefault.DeepClone();
                            applied.Add(Child(path, key));
                        }

                        Default(obj[key], additional, Child(path, key), applied);
                    }
                }

                break;
            case JsonArray array when Object(schema, "items") is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null && items["default"] is { } itemDefault && !IsNullable(items))
                    {
                        array[i] = itemDefault.DeepClone();
                        applied.Add(Index(path, i));
                    }

                    Default(array[i], items, Index(path, i), applied);
                }

                break;
        }
    }
}
