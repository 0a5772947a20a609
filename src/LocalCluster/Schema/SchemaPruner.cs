using System.Text.Json.Nodes;
using static DynamoMcp.LocalCluster.Schema.SchemaKeywords;

namespace DynamoMcp.LocalCluster.Schema;

/// <summary>
/// Drops fields a structural schema does not specify, in place, where kube-apiserver prunes them
/// (apiextensions' structural pruning).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Under <c>x-kubernetes-preserve-unknown-fields: true</c> unknown fields stay, but fields the schema does
/// specify below that node are still pruned recursively (as the API server does).</item>
/// <item><c>additionalProperties</c> schemas apply to every key not in <c>properties</c>; a node without either
/// loses all its keys.</item>
/// <item>At the resource root (<paramref name="isResourceRoot"/>), <c>apiVersion</c> and <c>kind</c> are never pruned,
/// and <c>metadata</c> is reduced to the ObjectMeta fields (the API server drops unknown metadata fields when it decodes
/// ObjectMeta) rather than to the schema's <c>metadata: {type: object}</c>.</item>
/// </list>
/// The apiserver prunes on create/update before defaulting and validation; call <c>Prune</c>, then
/// <see cref="SchemaDefaulter.ApplyDefaults"/>, then <see cref="SchemaValidator.Validate"/>. The pruned paths are what
/// the API server reports as <c>unknown field "spec.foo"</c> warnings.
/// </remarks>
public static class SchemaPruner
{
    /// <summary>The fields of metav1.ObjectMeta; anything else under metadata is dropped.</summary>
    public static IReadOnlySet<string> ObjectMetaFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
        "ownerReferences", "finalizers", "managedFields",
    };

    /// <summary>Prunes <paramref name="value"/> in place; returns the paths removed, such as <c>spec.steps[0].foo</c>.</summary>
    public static IReadOnlyList<string> Prune(JsonNode value, JsonObject schema, bool isResourceRoot = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(schema);
        var pruned = new List<string>();
        if (isResourceRoot && value is JsonObject root)
        {
            PruneRoot(root, schema, pruned);
        }
        else
        {
            PruneNode(value, schema, "", pruned);
        }

        return pruned;
    }

    private static void PruneRoot(JsonObject root, JsonObject schema, List<string> pruned)
    {
        var properties = Properties(schema);
        foreach (var (key, child) in root.ToList())
        {
            switch (key)
            {
                case "apiVersion" or "kind":
                    continue;
                case "metadata" when child is JsonObject metadata:
                    foreach (var field in metadata.Select(p => p.Key).Where(k => !ObjectMetaFields.Contains(k)).ToList())
                    {
                        metadata.Remove(field);
                        pruned.Add("metadata." + field);
                    }

                    continue;
                case "metadata":
                    continue;
            }

            if (properties?[key] is JsonObject propertySchema)
            {
                PruneNode(child, propertySchema, key, pruned);
            }
            else if (AdditionalProperties(schema) is { } additional)
            {
                PruneNode(child, additional, key, pruned);
            }
            else if (!PreservesUnknownFields(schema))
            {
                root.Remove(key);
                pruned.Add(key);
            }
        }
    }

    private static void PruneNode(JsonNode? value, JsonObject? schema, string path, List<string> pruned)
    {
        switch (value)
        {
            case JsonObject obj:
                var properties = schema is null ? null : Properties(schema);
                var additional = schema is null ? null : AdditionalProperties(schema);
                var preserve = schema is not null && PreservesUnknownFields(schema);
                foreach (var (key, child) in obj.ToList())
                {
                    var childPath = Child(path, key);
                    if (properties?[key] is JsonObject propertySchema)
                    {
                        PruneNode(child, propertySchema, childPath, pruned);
                    }
                    else if (additional is not null)
                    {
                        PruneNode(child, additional, childPath, pruned);
                    }
                    else if (!preserve)
                    {
                        obj.Remove(key);
                        pruned.Add(childPath);
                    }
                }

                break;
            case JsonArray array:
                var items = schema is null ? null : Object(schema, "items");
                if (items is null && schema is not null && PreservesUnknownFields(schema))
                {
                    // Unknown items of a preserved list stay as they are.
                    break;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    PruneNode(array[i], items, Index(path, i), pruned);
                }

                break;
        }
    }
}
