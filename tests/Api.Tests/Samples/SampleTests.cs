using System.Text.Json.Nodes;
using DynamoMcp.Api.Crds;
using DynamoMcp.LocalCluster.Schema;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using k8s;
using YamlDotNet.Serialization;

namespace DynamoMcp.Api.Tests.Samples;

/// <summary>Every sample is valid for its CRD, loses nothing to pruning, and is fully captured by the C# type.</summary>
public sealed class SampleTests
{
    public static TheoryData<string> Kinds => new(CrdGenerator.Kinds.Select(k => k.Kind));

    /// <summary>Every sample file: one per kind named after it, plus variants named <c>..._&lt;kind&gt;-&lt;variant&gt;.yaml</c>.</summary>
    public static TheoryData<string> Samples => new(
        Directory.GetFiles(Path.Combine(RepositoryRoot.Find(), "config", "samples"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    private static string SamplePath(string kind) =>
        Path.Combine(RepositoryRoot.Find(), "config", "samples", $"{WellKnown.Group}_{WellKnown.Version}_{kind.ToLowerInvariant()}.yaml");

    [Fact]
    public void Every_kind_has_its_sample() =>
        CrdGenerator.Kinds.Select(k => SamplePath(k.Kind)).Where(p => !File.Exists(p)).Should().BeEmpty();

    // The sample exactly as the API server would receive it from kubectl (YAML to JSON, no C# type involved).
    private static JsonObject Raw(string yaml) =>
        (JsonObject)FreeForm.ToJsonNode(new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(yaml))!;

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_is_valid_and_nothing_is_pruned(string file)
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "config", "samples", file), TestContext.Current.CancellationToken);
        var kind = Raw(yaml)["kind"]!.GetValue<string>();
        var schema = CrdGenerator.GenerateSchema(CrdGenerator.Kinds.Single(k => k.Kind == kind));
        var raw = Raw(yaml);
        raw["apiVersion"]!.GetValue<string>().Should().Be(WellKnown.ApiVersion);
        raw["kind"]!.GetValue<string>().Should().Be(kind);

        SchemaPruner.Prune(raw, schema).Should().BeEmpty();
        SchemaDefaulter.ApplyDefaults(raw, schema);
        SchemaValidator.Validate(raw, schema).Select(e => e.ToString()).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_deserializes_into_its_type_without_losing_fields(string file)
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "config", "samples", file), TestContext.Current.CancellationToken);
        var kind = Raw(yaml)["kind"]!.GetValue<string>();

        var typed = KubernetesYaml.LoadAllFromString(yaml, new Dictionary<string, Type>(ResourceTypes.TypeMap)).Should().ContainSingle().Subject;
        typed.Should().BeOfType(ResourceTypes.TypeMap[$"{WellKnown.ApiVersion}/{kind}"]);
        var viaType = JsonNode.Parse(KubernetesJson.Serialize(typed))!;

        var missing = new List<string>();
        CollectMissing(Raw(yaml), viaType, "", missing);
        missing.Should().BeEmpty("every field of the sample must survive the C# type");
    }

    private static void CollectMissing(JsonNode? expected, JsonNode? actual, string path, List<string> missing)
    {
        switch (expected)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (actual is not JsonObject actualObj || !actualObj.ContainsKey(key))
                    {
                        missing.Add($"{path}.{key}");
                        continue;
                    }

                    CollectMissing(child, actualObj[key], $"{path}.{key}", missing);
                }

                break;
            case JsonArray array:
                if (actual is not JsonArray actualArray || actualArray.Count != array.Count)
                {
                    missing.Add(path);
                    break;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    CollectMissing(array[i], actualArray[i], $"{path}[{i}]", missing);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual) && expected?.ToJsonString() != actual?.ToJsonString().Trim('"'))
                {
                    missing.Add($"{path}: {expected?.ToJsonString()} became {actual?.ToJsonString()}");
                }

                break;
        }
    }
}
