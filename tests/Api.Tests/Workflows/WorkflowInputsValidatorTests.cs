using System.Text.Json;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.Workflows;

namespace DynamoMcp.Api.Tests.Workflows;

/// <summary>
/// The inputs-schema subset a run is checked against, with schemas and inputs in the shapes they arrive in: parsed from
/// JSON (tool arguments, JsonElement values) and as plain values (a WorkflowRun read through KubernetesJson or YAML).
/// </summary>
public sealed class WorkflowInputsValidatorTests
{
    private static readonly IDictionary<string, object?> Schema = Parse("""
        {
          "type": "object",
          "required": ["service", "region"],
          "properties": {
            "service": {"type": "string", "minLength": 2, "maxLength": 12, "pattern": "^[a-z][a-z0-9-]*$"},
            "region": {"type": "string", "default": "eu-west-1"},
            "replicas": {"type": "integer", "minimum": 1, "maximum": 10},
            "ratio": {"type": "number", "minimum": 0, "maximum": 1},
            "channel": {"type": "string", "enum": ["stable", "beta"]},
            "level": {"type": "integer", "enum": [1, 2, 3]},
            "publish": {"type": "boolean"},
            "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
            "extra": {"type": "object"}
          }
        }
        """);

    [Fact]
    public void Valid_inputs_have_no_problems_whatever_shape_they_arrive_in()
    {
        var json = Parse("""{"service": "billing", "replicas": 3, "ratio": 0.5, "channel": "beta", "level": 2, "publish": true, "tags": ["a", "b"], "extra": {"k": 1}}""");
        var plain = new Dictionary<string, object?>
        {
            ["service"] = "billing", ["replicas"] = 3L, ["ratio"] = 0.5, ["channel"] = "beta", ["level"] = 2, ["publish"] = true,
            ["tags"] = new List<object?> { "a", "b" }, ["extra"] = new Dictionary<string, object?> { ["k"] = 1L },
        };

        WorkflowInputsValidator.Validate(Schema, json).Should().BeEmpty();
        WorkflowInputsValidator.Validate(Schema, plain).Should().BeEmpty();
        WorkflowInputsValidator.Validate(Plain(Schema), json).Should().BeEmpty("a schema read as plain values (longs, lists) reads the same");
    }

    [Fact]
    public void A_required_input_without_a_default_must_be_given_and_one_with_a_default_need_not()
    {
        var problems = WorkflowInputsValidator.Validate(Schema, new Dictionary<string, object?>());

        problems.Should().Equal("inputs.service: required, and the run does not give it");
    }

    [Fact]
    public void Required_with_no_properties_declared_is_still_required()
    {
        var schema = Parse("""{"type": "object", "required": ["name"]}""");

        WorkflowInputsValidator.Validate(schema, null).Should().Equal("inputs.name: required, and the run does not give it");
        WorkflowInputsValidator.Validate(schema, Parse("""{"name": 1}""")).Should().BeEmpty("an undeclared input has no type to check");
    }

    [Fact]
    public void No_schema_accepts_anything()
    {
        WorkflowInputsValidator.Validate(null, Parse("""{"anything": [1, {"x": null}]}""")).Should().BeEmpty();
        WorkflowInputsValidator.Validate(null, null).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"service": 5}""", "inputs.service: must be a string, not a number")]
    [InlineData("""{"service": "ab", "replicas": "3"}""", "inputs.replicas: must be an integer, not a string")]
    [InlineData("""{"service": "ab", "replicas": 2.5}""", "inputs.replicas: must be an integer, not a number")]
    [InlineData("""{"service": "ab", "ratio": "half"}""", "inputs.ratio: must be a number, not a string")]
    [InlineData("""{"service": "ab", "publish": "yes"}""", "inputs.publish: must be a boolean, not a string")]
    [InlineData("""{"service": "ab", "tags": "a"}""", "inputs.tags: must be an array, not a string")]
    [InlineData("""{"service": "ab", "extra": [1]}""", "inputs.extra: must be an object, not a list")]
    [InlineData("""{"service": "ab", "channel": null}""", "inputs.channel: must be a string, not null")]
    public void A_value_of_the_wrong_type_is_named_with_both_types(string inputs, string problem)
    {
        WorkflowInputsValidator.Validate(Schema, Parse(inputs)).Should().Equal(problem);
    }

    [Fact]
    public void An_integer_may_be_written_with_a_zero_fraction_and_a_number_may_be_whole()
    {
        WorkflowInputsValidator.Validate(Schema, Parse("""{"service": "ab", "replicas": 3.0, "ratio": 1}""")).Should().BeEmpty();
    }

    [Fact]
    public void Enum_values_are_compared_as_json_values()
    {
        WorkflowInputsValidator.Validate(Schema, Parse("""{"service": "ab", "channel": "nightly"}"""))
            .Should().Equal("inputs.channel: must be one of \"stable\", \"beta\"");
        WorkflowInputsValidator.Validate(Schema, Parse("""{"service": "ab", "level": 4}"""))
            .Should().Equal("inputs.level: must be one of 1, 2, 3");
        WorkflowInputsValidator.Validate(Schema, Parse("""{"service": "ab", "level": 2.0}"""))
            .Should().BeEmpty("2.0 is the JSON number 2");
        WorkflowInputsValidator.Validate(Plain(Schema), new Dictionary<string, object?> { ["service"] = "ab", ["level"] = 3 })
            .Should().BeEmpty("an int input equals the long the schema holds");
        WorkflowInputsValidator.Validate(Schema, Parse("""{"service": "ab", "level": "2"}"""))
            .Should().Equal("inputs.level: must be an integer, not a string");
    }

    [Fact]
    public void Additional_properties_false_names_each_unknown_input_and_the_known_ones()
    {
        var schema = Parse("""{"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}, "b": {}}}""");

        WorkflowInputsValidator.Validate(schema, Parse("""{"a": "x", "c": 1, "d": 2}""")).Should().Equal(
            "inputs.c: not an input of this workflow (inputs: a, b)",
            "inputs.d: not an input of this workflow (inputs: a, b)");
    }

    [Fact]
    public void Additional_properties_false_with_no_inputs_declared_says_the_workflow_takes_none()
    {
        var schema = Parse("""{"type": "object", "additionalProperties": false}""");

        WorkflowInputsValidator.Validate(schema, Parse("""{"x": 1}""")).Should().Equal("inputs.x: not an input of this workflow (it takes no inputs)");
    }

    [Fact]
    public void Additional_properties_are_allowed_unless_forbidden()
    {
        WorkflowInputsValidator.Validate(Schema, Parse("""{"service": "ab", "unknown": 1}""")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"service": "a"}""", "inputs.service: must be at least 2 characters long")]
    [InlineData("""{"service": "abcdefghijklm"}""", "inputs.service: must be at most 12 characters long")]
    [InlineData("""{"service": "Billing"}""", "inputs.service: must match the pattern ^[a-z][a-z0-9-]*$")]
    [InlineData("""{"service": "ab", "replicas": 0}""", "inputs.replicas: must be at least 1")]
    [InlineData("""{"service": "ab", "replicas": 11}""", "inputs.replicas: must be at most 10")]
    [InlineData("""{"service": "ab", "ratio": 1.5}""", "inputs.ratio: must be at most 1")]
    public void String_and_number_limits_are_checked(string inputs, string problem)
    {
        WorkflowInputsValidator.Validate(Schema, Parse(inputs)).Should().Equal(problem);
    }

    [Fact]
    public void A_pattern_matches_anywhere_unless_anchored()
    {
        var schema = Parse("""{"properties": {"v": {"type": "string", "pattern": "[0-9]+"}}}""");

        WorkflowInputsValidator.Validate(schema, Parse("""{"v": "release-12"}""")).Should().BeEmpty();
        WorkflowInputsValidator.Validate(schema, Parse("""{"v": "release"}""")).Should().Equal("inputs.v: must match the pattern [0-9]+");
    }

    [Fact]
    public void Lengths_count_characters_not_utf16_units()
    {
        var schema = Parse("""{"properties": {"emoji": {"type": "string", "maxLength": 2, "minLength": 2}}}""");

        WorkflowInputsValidator.Validate(schema, Parse("""{"emoji": "🚀🚀"}""")).Should().BeEmpty("two characters, four UTF-16 units");
        WorkflowInputsValidator.Validate(schema, Parse("""{"emoji": "🚀"}""")).Should().Equal("inputs.emoji: must be at least 2 characters long");
    }

    [Fact]
    public void Array_items_are_checked_one_by_one_with_their_index()
    {
        WorkflowInputsValidator.Validate(Schema, Parse("""{"service": "ab", "tags": ["a", 3, "c"]}""")).Should().Equal(
            "inputs.tags[1]: must be a string, not a number",
            "inputs.tags[2]: must be one of \"a\", \"b\"");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = WorkflowInputsValidator.Validate(Schema, Parse("""{"replicas": 0, "channel": "x", "publish": 1}"""));

        problems.Should().BeEquivalentTo(
            "inputs.service: required, and the run does not give it",
            "inputs.replicas: must be at least 1",
            "inputs.channel: must be one of \"stable\", \"beta\"",
            "inputs.publish: must be a boolean, not a number");
    }

    [Fact]
    public void With_defaults_fills_in_what_the_run_does_not_give_and_keeps_what_it_does()
    {
        var schema = Parse("""{"properties": {"region": {"default": "eu-west-1"}, "replicas": {"type": "integer", "default": 2}, "labels": {"default": {"team": "core"}}, "none": {"type": "string"}}}""");

        var filled = WorkflowInputsValidator.WithDefaults(schema, Parse("""{"region": "us-east-1"}"""));

        filled.Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["region"] = "us-east-1",
            ["replicas"] = 2L,
            ["labels"] = new Dictionary<string, object?> { ["team"] = "core" },
        });
        WorkflowInputsValidator.WithDefaults(schema, null).Should().ContainKeys("region", "replicas", "labels").And.NotContainKey("none");
        WorkflowInputsValidator.WithDefaults(null, null).Should().BeEmpty();
    }

    [Fact]
    public void With_defaults_does_not_share_the_schemas_default_objects()
    {
        var schema = Parse("""{"properties": {"labels": {"default": {"team": "core"}}}}""");

        var first = WorkflowInputsValidator.WithDefaults(schema, null);
        ((IDictionary<string, object?>)first["labels"]!)["team"] = "changed";

        ((IDictionary<string, object?>)WorkflowInputsValidator.WithDefaults(schema, null)["labels"]!)["team"].Should().Be("core");
    }

    /// <summary>Values as tool arguments arrive: JsonElement per property.</summary>
    private static Dictionary<string, object?> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(p => p.Key, p => (object?)p.Value);

    /// <summary>The same as a resource read back holds it: plain values (longs, lists, dictionaries).</summary>
    private static IDictionary<string, object?> Plain(IDictionary<string, object?> values) => FreeForm.FromJsonObject(FreeForm.ToJsonObject(values));
}
