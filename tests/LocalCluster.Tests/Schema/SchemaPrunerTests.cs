using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Schema;

namespace DynamoMcp.LocalCluster.Tests.Schema;

public sealed class SchemaPrunerTests
{
    private static readonly JsonObject Schema = (JsonObject)JsonNode.Parse("""
    {
      "type": "object",
      "properties": {
        "metadata": { "type": "object" },
        "spec": {
          "type": "object",
          "properties": {
            "image": { "type": "string" },
            "steps": { "type": "array", "items": { "type": "object", "properties": { "name": { "type": "string" } } } },
            "labels": { "type": "object", "additionalProperties": { "type": "string" } },
            "envs": { "type": "object", "additionalProperties": { "type": "object", "properties": { "value": { "type": "string" } } } },
            "free": { "type": "object", "x-kubernetes-preserve-unknown-fields": true },
            "partly": {
              "type": "object",
              "x-kubernetes-preserve-unknown-fields": true,
              "properties": { "known": { "type": "object", "properties": { "a": { "type": "string" } } } }
            },
            "anything": { "x-kubernetes-preserve-unknown-fields": true },
            "empty": { "type": "object" }
          }
        }
      }
    }
    """)!;

    public static TheoryData<string, string, string[]> Cases => new()
    {
        // input, expected after pruning, pruned paths
        { """{"spec": {"image": "x"}}""", """{"spec": {"image": "x"}}""", [] },
        { """{"spec": {"image": "x", "imagePullPolicy": "Always"}}""", """{"spec": {"image": "x"}}""", ["spec.imagePullPolicy"] },
        { """{"spec": {"steps": [{"name": "a", "extra": 1}, {"name": "b"}]}}""", """{"spec": {"steps": [{"name": "a"}, {"name": "b"}]}}""", ["spec.steps[0].extra"] },
        { """{"spec": {"labels": {"a": "1", "b": "2"}}}""", """{"spec": {"labels": {"a": "1", "b": "2"}}}""", [] },
        { """{"spec": {"envs": {"A": {"value": "1", "x": 2}}}}""", """{"spec": {"envs": {"A": {"value": "1"}}}}""", ["spec.envs.A.x"] },
        { """{"spec": {"free": {"x": {"y": [1]}}}}""", """{"spec": {"free": {"x": {"y": [1]}}}}""", [] },
        { """{"spec": {"partly": {"other": 1, "known": {"a": "1", "b": "2"}}}}""", """{"spec": {"partly": {"other": 1, "known": {"a": "1"}}}}""", ["spec.partly.known.b"] },
        { """{"spec": {"anything": {"deep": {"er": true}}}}""", """{"spec": {"anything": {"deep": {"er": true}}}}""", [] },
        { """{"spec": {"empty": {"a": 1}}}""", """{"spec": {"empty": {}}}""", ["spec.empty.a"] },
        { """{"status": {"phase": "x"}, "spec": {}}""", """{"spec": {}}""", ["status"] },
        { """{"apiVersion": "v", "kind": "K", "spec": {}}""", """{"apiVersion": "v", "kind": "K", "spec": {}}""", [] },
        { """{"metadata": {"name": "a", "labels": {"x": "y"}, "bogus": 1}}""", """{"metadata": {"name": "a", "labels": {"x": "y"}}}""", ["metadata.bogus"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prunes_exactly_what_the_api_server_prunes(string input, string expected, string[] prunedPaths)
    {
        var value = JsonNode.Parse(input)!;

        var pruned = SchemaPruner.Prune(value, Schema);

        JsonNode.DeepEquals(value, JsonNode.Parse(expected)).Should().BeTrue($"got {value.ToJsonString()}");
        pruned.Should().BeEquivalentTo(prunedPaths);
    }

    [Fact]
    public void Below_the_root_apiVersion_and_kind_are_ordinary_fields()
    {
        var value = JsonNode.Parse("""{"apiVersion": "v", "image": "x"}""")!;
        var schema = (JsonObject)Schema["properties"]!["spec"]!;

        SchemaPruner.Prune(value, schema, isResourceRoot: false).Should().Equal("apiVersion");
        value.ToJsonString().Should().Be("""{"image":"x"}""");
    }
}
