using System.Text.Json.Nodes;
using DynamoMcp.Mcp.Json;

namespace DynamoMcp.Mcp.Tests.Json;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{ "b": 1, "a": 2 }""", """{"a":2,"b":1}""")]
    [InlineData("""{"z":{"y":[{"d":1,"c":2}],"x":null},"a":true}""", """{"a":true,"z":{"x":null,"y":[{"c":2,"d":1}]}}""")]
    [InlineData("""[3, 1, 2]""", """[3,1,2]""")]
    [InlineData("""{"B":1,"a":2,"_":3}""", """{"B":1,"_":3,"a":2}""")]
    [InlineData("""{"n":1.50,"e":1e3,"i":-0}""", """{"e":1e3,"i":-0,"n":1.50}""")]
    [InlineData("""{"s":"caf\u00e9 \"q\" <b>\n"}""", """{"s":"café \"q\" <b>\n"}""")]
    [InlineData("\"text\"", "\"text\"")]
    [InlineData("false", "false")]
    public void Sorts_keys_ordinally_at_every_depth_and_drops_whitespace(string input, string expected) =>
        CanonicalJson.Serialize(JsonNode.Parse(input)).Should().Be(expected);

    [Fact]
    public void Equal_schemas_written_differently_have_one_digest()
    {
        var a = JsonNode.Parse("""{"type":"object","properties":{"text":{"type":"string"},"n":{"type":"integer"}}}""");
        var b = JsonNode.Parse("""
            {
              "properties": { "n": { "type": "integer" }, "text": { "type": "string" } },
              "type": "object"
            }
            """);

        CanonicalJson.Digest(a).Should().Be(CanonicalJson.Digest(b));
    }

    [Fact]
    public void A_changed_schema_changes_the_digest()
    {
        var a = JsonNode.Parse("""{"type":"object","required":["a","b"]}""");
        var b = JsonNode.Parse("""{"type":"object","required":["b","a"]}""");

        CanonicalJson.Digest(a).Should().NotBe(CanonicalJson.Digest(b), "array order is part of the value");
    }

    [Fact]
    public void The_digest_is_sha256_of_the_canonical_text_in_lowercase_hex()
    {
        // sha256("{}") computed independently: echo -n '{}' | sha256sum
        CanonicalJson.Digest(new JsonObject()).Should().Be("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    [Fact]
    public void A_json_null_is_null() => CanonicalJson.Serialize((JsonNode?)null).Should().Be("null");
}
