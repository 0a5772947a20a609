using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Templates;

namespace DynamoMcp.Operator.Tests.Templates;

public sealed class VariableOverrideApplierTests
{
    private static InspectedTemplate Inspected() => new(
        "abc",
        "main",
        [
            new TemplateVariable { Name = "name", Type = TemplateVariableType.String, Default = "x" },
            new TemplateVariable { Name = "slug", Type = TemplateVariableType.String, Default = "x", Derived = true },
        ],
        new Dictionary<string, object?>
        {
            ["type"] = "object",
            ["properties"] = new Dictionary<string, object?>
            {
                ["name"] = new Dictionary<string, object?> { ["type"] = "string", ["default"] = "x" },
                ["slug"] = new Dictionary<string, object?> { ["type"] = "string", ["default"] = "x", ["x-derived"] = true },
            },
        },
        new InspectedSnapshot([1], "00", 1));

    [Fact]
    public void Descriptions_defaults_and_hidden_apply_to_variables_and_schema()
    {
        var (variables, schema, unknown) = VariableOverrideApplier.Apply(Inspected(),
        [
            new VariableOverride { Name = "name", Description = "Project name", Default = "demo" },
            new VariableOverride { Name = "slug", Hidden = true },
            new VariableOverride { Name = "ghost", Description = "?" },
        ]);

        variables.Single(v => v.Name == "name").Description.Should().Be("Project name");
        variables.Single(v => v.Name == "name").Default.Should().Be("demo");
        variables.Single(v => v.Name == "slug").Hidden.Should().BeTrue();
        var properties = (IDictionary<string, object?>)schema["properties"]!;
        properties.Keys.Should().Equal("name");
        ((IDictionary<string, object?>)properties["name"]!)["description"].Should().Be("Project name");
        ((IDictionary<string, object?>)properties["name"]!)["default"].Should().Be("demo");
        unknown.Should().Equal("ghost");
    }
}
