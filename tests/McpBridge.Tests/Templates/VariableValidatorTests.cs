using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Templates;

namespace DynamoMcp.McpBridge.Tests.Templates;

public sealed class VariableValidatorTests
{
    private static JsonObject Schema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["project_name"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[a-z][a-z0-9_]*$" },
            ["license"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("MIT", "Apache-2.0") },
            ["port"] = new JsonObject { ["type"] = "integer" },
        },
        ["required"] = new JsonArray("project_name"),
        ["additionalProperties"] = false,
    };

    [Fact]
    public void Valid_variables_have_no_problems()
    {
        VariableValidator.Validate(Schema(), new JsonObject { ["project_name"] = "demo_app", ["license"] = "MIT", ["port"] = 8080 })
            .Should().BeEmpty();
    }

    [Fact]
    public void Every_problem_is_listed_once_with_the_variable_it_concerns()
    {
        var problems = VariableValidator.Validate(
            Schema(),
            new JsonObject { ["project_name"] = "Bad Name", ["license"] = "GPL", ["port"] = "eighty", ["colour"] = "red" });

        problems.Should().HaveCount(4);
        problems.Should().ContainSingle(p => p.StartsWith("'colour' is not a variable of this template", StringComparison.Ordinal))
            .Which.Should().Contain("known variables: project_name, license, port");
        problems.Should().ContainSingle(p => p.StartsWith("project_name:", StringComparison.Ordinal)).Which.Should().Contain("\"Bad Name\"");
        problems.Should().ContainSingle(p => p.StartsWith("license:", StringComparison.Ordinal)).Which.Should().Contain("\"GPL\"").And.Contain("\"MIT\"").And.Contain("\"Apache-2.0\"");
        problems.Should().ContainSingle(p => p.StartsWith("port:", StringComparison.Ordinal)).Which.Should().Contain("integer");
        problems.Should().NotContain(p => p.Contains("not declared", StringComparison.OrdinalIgnoreCase), "unknown names are reported once, in words that help");
    }

    [Fact]
    public void A_missing_required_variable_is_named()
    {
        VariableValidator.Validate(Schema(), new JsonObject { ["port"] = 1 })
            .Should().ContainSingle().Which.Should().Be("project_name: Required value");
    }

    [Fact]
    public void A_template_without_variables_says_so_for_any_given()
    {
        VariableValidator.Validate(new JsonObject { ["type"] = "object" }, new JsonObject { ["x"] = 1 })
            .Should().ContainSingle().Which.Should().Contain("'x' is not a variable").And.Contain("this template takes no variables");
    }

    [Fact]
    public void The_schema_passed_in_is_not_modified()
    {
        var schema = Schema();
        var before = schema.ToJsonString();

        VariableValidator.Validate(schema, new JsonObject { ["colour"] = "red" });

        schema.ToJsonString().Should().Be(before);
    }
}
