using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Templates;

namespace DynamoMcp.McpBridge.Tests.Templates;

/// <summary>The bridge's side of variable checking: status.variables as cached JSON in, one tool error listing every problem out.</summary>
public sealed class VariableCheckTests
{
    private static TemplateView Template(params JsonObject[] variables) => TemplateView.From(new CachedResource(
        "team-a",
        "py-service",
        "1",
        new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "py-service", ["namespace"] = "team-a" },
            ["spec"] = new JsonObject(),
            ["status"] = new JsonObject { ["variables"] = new JsonArray([.. variables]) },
        }));

    private static TemplateView Sample() => Template(
        new JsonObject { ["name"] = "project_name", ["type"] = "string", ["required"] = true },
        new JsonObject { ["name"] = "license", ["type"] = "choice", ["choices"] = new JsonArray("MIT", "Apache-2.0"), ["default"] = "MIT" },
        new JsonObject { ["name"] = "port", ["type"] = "integer", ["default"] = 8080 },
        new JsonObject { ["name"] = "use_docker", ["type"] = "boolean", ["default"] = true },
        new JsonObject { ["name"] = "_secret", ["type"] = "string", ["hidden"] = true });

    [Fact]
    public void Fitting_variables_give_no_error()
    {
        VariableCheck.ErrorMessage(Sample(), new JsonObject { ["project_name"] = "demo", ["license"] = "Apache-2.0", ["port"] = 80, ["use_docker"] = false })
            .Should().BeNull();
    }

    [Fact]
    public void Every_problem_is_listed_on_its_own_line_naming_the_variable()
    {
        var message = VariableCheck.ErrorMessage(
            Sample(),
            new JsonObject { ["license"] = "GPL", ["port"] = "eighty", ["use_docker"] = "yes", ["colour"] = "red", ["_secret"] = "x" });

        message.Should().NotBeNull();
        var lines = message!.Split('\n');
        lines[0].Should().Be("The variables do not fit template 'py-service'; nothing was created. Problems:");
        lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Should().HaveCount(6);
        message.Should().Contain("- colour: the template has no variable 'colour'")
            .And.Contain("- license: 'GPL' is not one of the choices ['MIT', 'Apache-2.0']")
            .And.Contain("- port: expects a whole number")
            .And.Contain("- use_docker: expects true or false")
            .And.Contain("- _secret: '_secret' is hidden")
            .And.Contain("- project_name: 'project_name' has no default");
        lines[^1].Should().Contain("get_template_variables");
    }

    [Fact]
    public void Unknown_names_list_only_the_variables_a_client_may_set()
    {
        var problem = VariableCheck.Problems(Sample(), new JsonObject { ["project_name"] = "x", ["colour"] = "red" }).Should().ContainSingle().Subject;

        problem.Variable.Should().Be("colour");
        problem.Message.Should().Contain("license, port, project_name, use_docker").And.NotContain("_secret");
    }

    [Fact]
    public void A_variable_type_newer_than_the_bridge_is_still_known_by_name()
    {
        var template = Template(new JsonObject { ["name"] = "when", ["type"] = "datetime" });

        VariableCheck.Problems(template, new JsonObject { ["when"] = "2026-01-01" }).Should().BeEmpty();
        VariableCheck.Problems(template, new JsonObject { ["then"] = "2026-01-01" }).Should().ContainSingle().Which.Variable.Should().Be("then");
    }
}
