using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Crds;
using DynamoMcp.LocalCluster.Schema;
using k8s;

namespace DynamoMcp.Api.Tests.Crds;

/// <summary>The generated schemas are structural (what the API server requires) and document every field.</summary>
public sealed class CrdSchemaStructureTests
{
    private static readonly string[] ForbiddenKeywords =
        ["$ref", "$schema", "$defs", "$comment", "definitions", "id", "dependencies", "patternProperties", "additionalItems"];

    public static TheoryData<string> Kinds => new(CrdGenerator.Kinds.Select(k => k.Kind));

    private static JsonObject SchemaOf(string kind) => CrdGenerator.GenerateSchema(CrdGenerator.Kinds.Single(k => k.Kind == kind));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Schema_is_structural(string kind)
    {
        var problems = new List<string>();
        Walk(SchemaOf(kind), "", problems, isRoot: true);

        problems.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Defaults_are_valid_and_survive_pruning(string kind)
    {
        var problems = new List<string>();
        CheckDefaults(SchemaOf(kind), "", problems);

        problems.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_crd_model_carries_the_schema_unchanged(string kind)
    {
        var info = CrdGenerator.Kinds.Single(k => k.Kind == kind);
        var crd = CrdGenerator.Generate(info);

        var roundTripped = JsonNode.Parse(KubernetesJson.Serialize(crd.Spec.Versions[0].Schema.OpenAPIV3Schema));

        JsonNode.DeepEquals(CrdSchemaBuilder.Canonical(roundTripped), CrdGenerator.GenerateSchema(info)).Should().BeTrue();
    }

    private static void Walk(JsonObject node, string path, List<string> problems, bool isRoot = false)
    {
        foreach (var keyword in ForbiddenKeywords.Where(node.ContainsKey))
        {
            problems.Add($"{path}: forbidden keyword {keyword}");
        }

        if (node["uniqueItems"]?.GetValue<bool>() == true)
        {
            problems.Add($"{path}: uniqueItems: true is forbidden in CRDs");
        }

        var intOrString = node["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
        var preserve = node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var type = node["type"]?.GetValue<string>();
        if (type is null && !intOrString && !preserve)
        {
            problems.Add($"{path}: no type");
        }

        if (type is "object" && node["properties"] is null && node["additionalProperties"] is null && !preserve && path != ".metadata")
        {
            problems.Add($"{path}: an object without properties, additionalProperties or preserve-unknown-fields loses all its fields");
        }

        if (node["properties"] is not null && node["additionalProperties"] is not null)
        {
            problems.Add($"{path}: properties and additionalProperties together");
        }

        foreach (var keyword in new[] { "anyOf", "allOf", "oneOf" })
        {
            foreach (var branch in node[keyword] as JsonArray ?? [])
            {
                var keys = ((JsonObject)branch!).Select(p => p.Key).ToList();
                if (!(intOrString && keyword == "anyOf" && keys.SequenceEqual(["type"])) && keys.Intersect(["type", "description", "default", "nullable", "properties", "items"]).Any())
                {
                    problems.Add($"{path}: {keyword} branches may only hold value validations");
                }
            }
        }

        if (node["x-kubernetes-list-type"]?.GetValue<string>() == "map")
        {
            var keys = (node["x-kubernetes-list-map-keys"] as JsonArray)?.Select(k => k!.GetValue<string>()).ToList() ?? [];
            var required = (node["items"]?["required"] as JsonArray)?.Select(k => k!.GetValue<string>()).ToList() ?? [];
            if (keys.Count == 0 || keys.Except(required).Any())
            {
                problems.Add($"{path}: list-type map needs its map keys required in items");
            }
        }

        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                var childPath = $"{path}.{name}";
                if (child is not JsonObject childSchema)
                {
                    problems.Add($"{childPath}: not a schema object");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(childSchema["description"]?.GetValue<string>()))
                {
                    problems.Add($"{childPath}: no description");
                }

                Walk(childSchema, childPath, problems);
            }
        }

        if (node["items"] is JsonObject items)
        {
            Walk(items, path + "[*]", problems);
        }
        else if (node["items"] is not null)
        {
            problems.Add($"{path}: items must be a single schema");
        }

        if (node["additionalProperties"] is JsonObject additional)
        {
            Walk(additional, path + ".*", problems);
        }

        if (isRoot && node["description"] is null)
        {
            problems.Add("root: no description");
        }
    }

    private static void CheckDefaults(JsonObject node, string path, List<string> problems)
    {
        if (node["default"] is { } value)
        {
            var errors = SchemaValidator.Validate(value.DeepClone(), node, path);
            problems.AddRange(errors.Select(e => $"default of {path}: {e}"));
            var copy = value.DeepClone();
            if (copy is not null && SchemaPruner.Prune(copy, node, isResourceRoot: false) is { Count: > 0 } pruned)
            {
                problems.Add($"default of {path} has fields the schema prunes: {string.Join(", ", pruned)}");
            }
        }

        foreach (var (name, child) in node["properties"] as JsonObject ?? [])
        {
            CheckDefaults((JsonObject)child!, $"{path}.{name}", problems);
        }

        if (node["items"] is JsonObject items)
        {
            CheckDefaults(items, path + "[*]", problems);
        }
    }
}
