using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Schema;

namespace DynamoMcp.LocalCluster.Tests.Schema;

public sealed class SchemaDefaulterTests
{
    private static readonly JsonObject Schema = (JsonObject)JsonNode.Parse("""
    {
      "type": "object",
      "properties": {
        "spec": {
          "type": "object",
          "properties": {
            "transport": { "type": "string", "default": "streamable-http" },
            "port": { "type": "integer", "default": 8080 },
            "nick": { "type": "string", "nullable": true, "default": "n" },
            "hooks": { "type": "object", "properties": { "enabled": { "type": "boolean", "default": false } } },
            "sandbox": { "type": "object", "default": {}, "properties": { "timeoutSeconds": { "type": "integer", "default": 600 } } },
            "steps": { "type": "array", "items": { "type": "object", "properties": { "retries": { "type": "integer", "default": 0 } } } },
            "limits": { "type": "object", "additionalProperties": { "type": "string", "default": "1" } },
            "free": { "type": "object", "x-kubernetes-preserve-unknown-fields": true }
          }
        }
      }
    }
    """)!;

    public static TheoryData<string, string, string[]> Cases => new()
    {
        {
            """{"spec": {}}""",
            """{"spec": {"transport": "streamable-http", "port": 8080, "nick": "n", "sandbox": {"timeoutSeconds": 600}}}""",
            ["spec.transport", "spec.port", "spec.nick", "spec.sandbox", "spec.sandbox.timeoutSeconds"]
        },
        { """{}""", """{}""", [] },
        {
            """{"spec": {"transport": "sse", "port": 9000, "nick": null, "sandbox": {"timeoutSeconds": 5}}}""",
            """{"spec": {"transport": "sse", "port": 9000, "nick": null, "sandbox": {"timeoutSeconds": 5}}}""",
            []
        },
        {
            """{"spec": {"transport": null, "port": 1, "nick": "x", "sandbox": {}, "hooks": {}}}""",
            """{"spec": {"transport": "streamable-http", "port": 1, "nick": "x", "sandbox": {"timeoutSeconds": 600}, "hooks": {"enabled": false}}}""",
            ["spec.transport", "spec.sandbox.timeoutSeconds", "spec.hooks.enabled"]
        },
        {
            """{"spec": {"transport": "x", "port": 1, "nick": "x", "sandbox": {"timeoutSeconds": 1}, "steps": [{}, {"retries": 3}]}}""",
            """{"spec": {"transport": "x", "port": 1, "nick": "x", "sandbox": {"timeoutSeconds": 1}, "steps": [{"retries": 0}, {"retries": 3}]}}""",
            ["spec.steps[0].retries"]
        },
        {
            """{"spec": {"transport": "x", "port": 1, "nick": "x", "sandbox": {"timeoutSeconds": 1}, "limits": {"cpu": null, "mem": "2"}}}""",
            """{"spec": {"transport": "x", "port": 1, "nick": "x", "sandbox": {"timeoutSeconds": 1}, "limits": {"cpu": "1", "mem": "2"}}}""",
            ["spec.limits.cpu"]
        },
        {
            """{"spec": {"transport": "x", "port": 1, "nick": "x", "sandbox": {"timeoutSeconds": 1}, "free": {"port": null}}}""",
            """{"spec": {"transport": "x", "port": 1, "nick": "x", "sandbox": {"timeoutSeconds": 1}, "free": {"port": null}}}""",
            []
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Applies_defaults_like_the_api_server(string input, string expected, string[] defaultedPaths)
    {
        var value = JsonNode.Parse(input)!;

        var applied = SchemaDefaulter.ApplyDefaults(value, Schema);

        JsonNode.DeepEquals(value, JsonNode.Parse(expected)).Should().BeTrue($"got {value.ToJsonString()}");
        applied.Should().BeEquivalentTo(defaultedPaths);
    }

    [Fact]
    public void Non_nullable_nulls_without_default_are_dropped_but_free_form_nulls_stay()
    {
        var value = JsonNode.Parse("""{"spec": {"hooks": null, "steps": [{"retries": null}], "free": {"x": null}, "nick": null, "port": null}}""")!;

        var removed = SchemaDefaulter.PruneNonNullableNulls(value, Schema);

        removed.Should().BeEquivalentTo(["spec.hooks"]);
        value.ToJsonString().Should().Be("""{"spec":{"steps":[{"retries":null}],"free":{"x":null},"nick":null,"port":null}}""");

        SchemaDefaulter.ApplyDefaults(value, Schema);
        value["spec"]!["port"]!.GetValue<int>().Should().Be(8080);
        value["spec"]!["steps"]![0]!["retries"]!.GetValue<int>().Should().Be(0);
        value["spec"]!["nick"].Should().BeNull();
    }

    [Fact]
    public void Defaults_are_copies()
    {
        var first = JsonNode.Parse("""{"spec": {}}""")!;
        var second = JsonNode.Parse("""{"spec": {}}""")!;
        SchemaDefaulter.ApplyDefaults(first, Schema);
        SchemaDefaulter.ApplyDefaults(second, Schema);

        first["spec"]!["sandbox"]!["timeoutSeconds"] = 1;

        second["spec"]!["sandbox"]!["timeoutSeconds"]!.GetValue<int>().Should().Be(600);
        Schema["properties"]!["spec"]!["properties"]!["sandbox"]!["default"]!.ToJsonString().Should().Be("{}");
    }
}
