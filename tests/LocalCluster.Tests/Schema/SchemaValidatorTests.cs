using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Schema;

namespace DynamoMcp.LocalCluster.Tests.Schema;

public sealed class SchemaValidatorTests
{
    private static readonly JsonObject Schema = (JsonObject)JsonNode.Parse("""
    {
      "type": "object",
      "required": ["spec"],
      "properties": {
        "spec": {
          "type": "object",
          "required": ["source", "image"],
          "properties": {
            "source": { "type": "object", "properties": { "url": { "type": "string" } } },
            "image": { "type": "string", "minLength": 1, "maxLength": 10 },
            "transport": { "type": "string", "enum": ["stdio", "streamable-http", "sse"] },
            "port": { "type": "integer", "minimum": 1, "maximum": 65535 },
            "ratio": { "type": "number", "exclusiveMinimum": true, "minimum": 0, "multipleOf": 0.5 },
            "name": { "type": "string", "pattern": "^[a-z]+$" },
            "when": { "type": "string", "format": "date-time" },
            "nick": { "type": "string", "nullable": true },
            "tags": { "type": "array", "maxItems": 2, "items": { "type": "string" }, "x-kubernetes-list-type": "set" },
            "unique": { "type": "array", "minItems": 1, "uniqueItems": true, "items": { "type": "integer" } },
            "steps": {
              "type": "array",
              "x-kubernetes-list-type": "map",
              "x-kubernetes-list-map-keys": ["name"],
              "items": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" }, "retries": { "type": "integer" } } }
            },
            "labels": { "type": "object", "maxProperties": 2, "minProperties": 1, "additionalProperties": { "type": "string" } },
            "cpu": { "x-kubernetes-int-or-string": true, "anyOf": [ { "type": "integer" }, { "type": "string" } ] },
            "free": { "type": "object", "x-kubernetes-preserve-unknown-fields": true },
            "anything": { "x-kubernetes-preserve-unknown-fields": true },
            "mode": { "type": "string", "anyOf": [ { "enum": ["a"] }, { "enum": ["b"] } ] },
            "limit": { "type": "integer", "oneOf": [ { "minimum": 10 }, { "maximum": 5 } ], "not": { "enum": [3] } }
          }
        }
      }
    }
    """)!;

    private const string Base = """{"source": {}, "image": "nginx"}""";

    public static TheoryData<string, string[]> Cases => new()
    {
        { "{}", [] },
        { """{"transport": "grpc"}""", ["spec.transport: Unsupported value: \"grpc\": supported values: \"stdio\", \"streamable-http\", \"sse\""] },
        { """{"port": "string"}""", ["spec.port: Invalid value: \"string\": spec.port in body must be of type integer: \"string\""] },
        { """{"port": 1.5}""", ["spec.port: Invalid value: \"number\": spec.port in body must be of type integer: \"number\""] },
        { """{"port": 80.0}""", [] },
        { """{"port": 0}""", ["spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1"] },
        { """{"port": 70000}""", ["spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535"] },
        { """{"port": null}""", ["spec.port: Invalid value: \"null\": spec.port in body must be of type integer: \"null\""] },
        { """{"nick": null}""", [] },
        { """{"ratio": 0}""", ["spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0"] },
        { """{"ratio": 0.7}""", ["spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5"] },
        { """{"ratio": 2}""", [] },
        { """{"image": "averyveryverylongimage"}""", ["spec.image: Too long: may not be longer than 10"] },
        { """{"image": ""}""", ["spec.image: Invalid value: \"\": spec.image in body should be at least 1 chars long"] },
        { """{"name": "Bad1"}""", ["spec.name: Invalid value: \"Bad1\": spec.name in body should match '^[a-z]+$'"] },
        { """{"when": "yesterday"}""", ["spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\""] },
        { """{"when": "2024-05-01T10:00:00Z"}""", [] },
        { """{"when": "2024-05-01T10:00:00.123+02:00"}""", [] },
        { """{"tags": ["a", "b", "c"]}""", ["spec.tags: Too many: 3: must have at most 2 items"] },
        { """{"tags": ["a", "a"]}""", ["spec.tags[1]: Duplicate value: \"a\""] },
        { """{"tags": ["a", 1]}""", ["spec.tags[1]: Invalid value: \"integer\": spec.tags[1] in body must be of type string: \"integer\""] },
        { """{"unique": []}""", ["spec.unique: Invalid value: []: spec.unique in body should have at least 1 items"] },
        { """{"unique": [1, 1]}""", ["spec.unique: Invalid value: [1,1]: spec.unique in body shouldn't contain duplicates"] },
        { """{"steps": [{"name": "a"}, {"name": "a", "retries": 1}]}""", ["spec.steps[1]: Duplicate value: {\"name\":\"a\"}"] },
        { """{"steps": [{"retries": "x"}]}""", ["spec.steps[0].name: Required value", "spec.steps[0].retries: Invalid value: \"string\": spec.steps[0].retries in body must be of type integer: \"string\""] },
        { """{"labels": {"a": "1", "b": "2", "c": "3"}}""", ["spec.labels: Too many: 3: must have at most 2 items"] },
        { """{"labels": {}}""", ["spec.labels: Invalid value: {}: spec.labels in body should have at least 1 properties"] },
        { """{"labels": {"a": 1}}""", ["spec.labels.a: Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\""] },
        { """{"cpu": 2}""", [] },
        { """{"cpu": "500m"}""", [] },
        { """{"cpu": true}""", ["spec.cpu: Invalid value: \"boolean\": spec.cpu in body must be of type integer,string: \"boolean\""] },
        { """{"free": {"x": [1, {"y": null}]}}""", [] },
        { """{"free": "text"}""", ["spec.free: Invalid value: \"string\": spec.free in body must be of type object: \"string\""] },
        { """{"anything": null}""", [] },
        { """{"anything": [1, "two"]}""", [] },
        { """{"mode": "b"}""", [] },
        { """{"mode": "c"}""", ["spec.mode: Invalid value: \"c\": spec.mode must validate at least one schema (anyOf)", "spec.mode: Unsupported value: \"c\": supported values: \"a\""] },
        { """{"limit": 7}""", ["spec.limit: Invalid value: 7: spec.limit must validate one and only one schema (oneOf)", "spec.limit: Invalid value: 7: spec.limit in body should be greater than or equal to 10"] },
        { """{"limit": 3}""", ["spec.limit: Invalid value: 3: spec.limit must not validate the schema (not)"] },
        { """{"limit": 12}""", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_errors_in_the_api_servers_wording(string specFields, string[] expected)
    {
        var spec = (JsonObject)JsonNode.Parse(Base)!;
        foreach (var (key, value) in (JsonObject)JsonNode.Parse(specFields)!)
        {
            spec[key] = value?.DeepClone();
        }

        var errors = SchemaValidator.Validate(new JsonObject { ["spec"] = spec }, Schema);

        errors.Select(e => e.ToString()).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Missing_required_fields_are_reported_by_path()
    {
        var errors = SchemaValidator.Validate(JsonNode.Parse("""{"spec": {}}"""), Schema);

        errors.Select(e => e.ToString()).Should().BeEquivalentTo(["spec.source: Required value", "spec.image: Required value"]);
        errors.Should().AllSatisfy(e => e.Reason.Should().Be("FieldValueRequired"));
    }

    [Fact]
    public void Type_errors_carry_the_type_invalid_cause()
    {
        var error = SchemaValidator.Validate(JsonNode.Parse("""{"spec": {"source": {}, "image": "x", "port": "80"}}"""), Schema).Single();

        error.Type.Should().Be(FieldErrorTypes.Invalid);
        error.Reason.Should().Be("FieldValueTypeInvalid");
        error.BadValue!.GetValue<string>().Should().Be("string");
    }

    [Fact]
    public void A_path_prefix_is_prepended()
    {
        var schema = (JsonObject)JsonNode.Parse("""{"type": "object", "required": ["a"]}""")!;

        SchemaValidator.Validate(new JsonObject(), schema, "spec.inputs").Single().ToString().Should().Be("spec.inputs.a: Required value");
    }

    [Fact]
    public void Root_must_be_an_object()
    {
        SchemaValidator.Validate(JsonValue.Create(1), Schema).Single().ToString()
            .Should().Be(": Invalid value: \"integer\":  in body must be of type object: \"integer\"");
    }
}
