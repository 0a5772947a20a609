using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using DynamoMcp.Api.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.Crds;

/// <summary>
/// Turns a custom resource's C# type into a structural openAPIV3Schema: JsonSchemaExporter does the walk, this class
/// rewrites what Kubernetes does not accept (null in type arrays, enums without type, $ref, converters it cannot see)
/// and adds what it cannot know (descriptions, bounds, defaults, list types, CEL rules).
/// </summary>
internal static class CrdSchemaBuilder
{
    // The pattern Kubernetes publishes for resource.Quantity.
    private const string QuantityPattern =
        "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

    private static readonly JsonSerializerOptions ExportOptions = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    // KubernetesClient models carry no required-ness; these are the required fields of the core types we embed.
    private static readonly Dictionary<Type, string[]> KubernetesRequired = new()
    {
        [typeof(V1EnvVar)] = ["name"],
        [typeof(V1ConfigMapKeySelector)] = ["key"],
        [typeof(V1SecretKeySelector)] = ["key"],
        [typeof(V1ObjectFieldSelector)] = ["fieldPath"],
        [typeof(V1ResourceFieldSelector)] = ["resource"],
        [typeof(Corev1ResourceClaim)] = ["name"],
        [typeof(V1FileKeySelector)] = ["key", "path", "volumeName"],
    };

    /// <summary>The structural openAPIV3Schema of <paramref name="entityType"/>.</summary>
    public static JsonObject Build(Type entityType, string description)
    {
        var exported = JsonSchemaExporter.GetJsonSchemaAsNode(
            ExportOptions,
            entityType,
            new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Transform });
        var root = (JsonObject)exported;
        root["description"] = description;
        root["required"] = new JsonArray("spec");
        var properties = (JsonObject)root["properties"]!;

        // The API server owns metadata's schema; a CRD may only say it is an object.
        properties["metadata"] = new JsonObject
        {
            ["description"] = properties["metadata"]?["description"]?.DeepClone(),
            ["type"] = "object",
        };
        Finish(root);
        return (JsonObject)Canonical(root)!;
    }

    /// <summary>Sorts every object's keys ordinally (kubebuilder's layout), so generated files are stable.</summary>
    public static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode node)
    {
        var schema = node as JsonObject ?? new JsonObject();
        var typeInfo = context.TypeInfo;
        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        var property = context.PropertyInfo;
        var member = property?.AttributeProvider as MemberInfo;

        if (property?.CustomConverter is FreeFormObjectConverter)
        {
            schema = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }
        else if (property?.CustomConverter is FreeFormValueConverter)
        {
            // Any JSON value, including null.
            schema = new JsonObject { ["nullable"] = true, ["x-kubernetes-preserve-unknown-fields"] = true };
        }
        else if (KnownSchema(type) is { } known)
        {
            schema = known;
        }
        else
        {
            NormalizeNullable(schema);
            if (typeInfo.Kind == JsonTypeInfoKind.Dictionary && KnownSchema(typeInfo.ElementType!) is { } valueSchema)
            {
                schema["additionalProperties"] = valueSchema;
            }

            if (type == typeof(int))
            {
                schema["format"] = "int32";
            }
            else if (type == typeof(long))
            {
                schema["format"] = "int64";
            }

            if (typeInfo.Kind == JsonTypeInfoKind.Object)
            {
                AddRequired(schema, typeInfo);
            }

            AddValidations(schema, type);
        }

        if (member is not null)
        {
            ApplyMember(schema, member, property!);
        }
        else if (schema["description"] is null && typeInfo.Kind == JsonTypeInfoKind.Object && TypeDescription(type) is { } typeDescription)
        {
            schema["description"] = typeDescription;
        }

        return schema;
    }

    private static void ApplyMember(JsonObject schema, MemberInfo member, JsonPropertyInfo property)
    {
        var description = member.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? (member is PropertyInfo p ? KubernetesModelDocs.ForProperty(p) : null)
            ?? TypeDescription(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
        if (description is not null)
        {
            schema["description"] = description;
        }

        var isArray = schema["type"]?.GetValue<string>() == "array";
        if (member.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } defaultValue })
        {
            schema["default"] = JsonSerializer.SerializeToNode(defaultValue, defaultValue.GetType(), ExportOptions);
        }

        if (member.GetCustomAttribute<MinLengthAttribute>() is { } min)
        {
            schema[isArray ? "minItems" : "minLength"] = min.Length;
        }

        if (member.GetCustomAttribute<MaxLengthAttribute>() is { } max)
        {
            schema[isArray ? "maxItems" : "maxLength"] = max.Length;
        }

        if (member.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema["minimum"] = Convert.ToInt64(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
            var maximum = Convert.ToInt64(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
            if (maximum != int.MaxValue)
            {
                schema["maximum"] = maximum;
            }
        }

        if (member.GetCustomAttribute<RegularExpressionAttribute>() is { } regex)
        {
            schema["pattern"] = regex.Pattern;
        }

        if (member.GetCustomAttribute<MaxPropertiesAttribute>() is { } maxProperties)
        {
            schema["maxProperties"] = maxProperties.MaxProperties;
        }

        if (member.GetCustomAttribute<ListTypeAttribute>() is { } listType)
        {
            schema["x-kubernetes-list-type"] = listType.ListType;
            if (listType.MapKeys.Count > 0)
            {
                schema["x-kubernetes-list-map-keys"] = new JsonArray(listType.MapKeys.Select(k => (JsonNode)k).ToArray());
            }
        }

        AddValidations(schema, member);
    }

    private static void AddRequired(JsonObject schema, JsonTypeInfo typeInfo)
    {
        KubernetesRequired.TryGetValue(typeInfo.Type, out var kubernetesRequired);
        var required = typeInfo.Properties
            .Where(p => (p.AttributeProvider as MemberInfo)?.GetCustomAttribute<RequiredAttribute>() is not null
                || kubernetesRequired?.Contains(p.Name) == true)
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (required.Count > 0)
        {
            schema["required"] = new JsonArray(required.Select(r => (JsonNode)r).ToArray());
        }
    }

    private static void AddValidations(JsonObject schema, ICustomAttributeProvider provider)
    {
        var rules = provider.GetCustomAttributes(typeof(KubernetesValidationAttribute), false).Cast<KubernetesValidationAttribute>().ToList();
        if (rules.Count == 0)
        {
            return;
        }

        var array = schema["x-kubernetes-validations"] as JsonArray ?? [];
        foreach (var rule in rules)
        {
            if (array.Any(r => r?["rule"]?.GetValue<string>() == rule.Rule))
            {
                continue;
            }

            var entry = new JsonObject { ["message"] = rule.Message, ["rule"] = rule.Rule };
            if (rule.FieldPath is not null)
            {
                entry["fieldPath"] = rule.FieldPath;
            }

            array.Add(entry);
        }

        schema["x-kubernetes-validations"] = array;
    }

    private static string? TypeDescription(Type type) =>
        type.GetCustomAttribute<DescriptionAttribute>()?.Description ?? KubernetesModelDocs.ForType(type);

    private static JsonObject? KnownSchema(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(V1Condition))
        {
            return MetaV1ConditionSchema.Create();
        }

        if (type == typeof(ResourceQuantity))
        {
            return new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                ["pattern"] = QuantityPattern,
                ["x-kubernetes-int-or-string"] = true,
            };
        }

        if (type == typeof(IntOrString))
        {
            return new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                ["x-kubernetes-int-or-string"] = true,
            };
        }

        if (type == typeof(V1ObjectMeta))
        {
            return new JsonObject { ["type"] = "object" };
        }

        return null;
    }

    // Kubernetes has no null type: optional fields are simply absent.
    private static void NormalizeNullable(JsonObject schema)
    {
        if (schema["type"] is JsonArray types)
        {
            var remaining = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
            schema["type"] = remaining.Count == 1 ? remaining[0] : new JsonArray(remaining.Select(t => (JsonNode)t).ToArray());
        }

        if (schema["enum"] is JsonArray values)
        {
            schema["enum"] = new JsonArray(values.Where(v => v is not null).Select(v => v!.DeepClone()).ToArray());
            schema["type"] ??= "string";
        }
    }

    private static void Finish(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.ContainsKey("$ref"))
                {
                    throw new InvalidOperationException(
                        $"The CRD schema has a $ref at {obj.GetPath()} (a recursive type); Kubernetes allows no $ref. Break the recursion in the C# type.");
                }

                obj.Remove("$comment");
                obj.Remove("$schema");
                foreach (var (_, child) in obj.ToList())
                {
                    Finish(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Finish(child);
                }

                break;
        }
    }
}
