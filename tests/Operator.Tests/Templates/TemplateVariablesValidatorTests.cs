using DynamoMcp.Api.Templates;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Tests.Templates;

public sealed class TemplateVariablesValidatorTests
{
    private static readonly TemplateVariable[] Variables =
    [
        new() { Name = "name", Type = TemplateVariableType.String, Default = "x" },
        new() { Name = "license", Type = TemplateVariableType.Choice, Choices = ["MIT", "BSD"] },
        new() { Name = "docker", Type = TemplateVariableType.Boolean, Default = true },
        new() { Name = "port", Type = TemplateVariableType.Integer, Default = 80L },
        new() { Name = "settings", Type = TemplateVariableType.Object },
        new() { Name = "secret", Type = TemplateVariableType.String, Hidden = true },
        new() { Name = "owner", Type = TemplateVariableType.String, Required = true },
    ];

    [Fact]
    public void Valid_values_pass()
    {
        TemplateVariablesValidator.Validate(Variables, new Dictionary<string, object?>
        {
            ["name"] = "app", ["license"] = "BSD", ["docker"] = false, ["port"] = 8080L,
            ["settings"] = new Dictionary<string, object?> { ["a"] = 1L }, ["owner"] = "me",
        }).Should().BeEmpty();
    }

    [Fact]
    public void Every_problem_is_listed_with_the_variable_and_what_to_do()
    {
        var problems = TemplateVariablesValidator.Validate(Variables, new Dictionary<string, object?>
        {
            ["nmae"] = "typo",
            ["license"] = "GPL",
            ["docker"] = "yes",
            ["port"] = 1.5,
            ["name"] = new string('x', 2000),
            ["settings"] = "not a map",
            ["secret"] = "s",
        });

        problems.Select(p => p.Variable).Should().BeEquivalentTo("nmae", "license", "docker", "port", "name", "settings", "secret", "owner");
        problems.Single(p => p.Variable == "nmae").Message.Should().Contain("no variable 'nmae'").And.Contain("license, name");
        problems.Single(p => p.Variable == "license").Message.Should().Contain("'GPL' is not one of the choices ['MIT', 'BSD']");
        problems.Single(p => p.Variable == "docker").Message.Should().Contain("true or false");
        problems.Single(p => p.Variable == "port").Message.Should().Contain("whole number");
        problems.Single(p => p.Variable == "name").Message.Should().Contain("at most 1024");
        problems.Single(p => p.Variable == "secret").Message.Should().Contain("hidden");
        problems.Single(p => p.Variable == "owner").Message.Should().Contain("no default");
        TemplateVariablesValidator.Summarize(problems).Should().StartWith("8 problems with the variables:");
    }
}
