using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Tests.Fakes;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Templates;

/// <summary>The bridge's side of variable checking: a typed template as the operator inspects it in, one tool error listing every problem out.</summary>
public sealed class VariableCheckTests
{
    // What the generator reports for a cookiecutter.json with these keys, with internal_id hidden by the template's spec.
    private static TemplateView Sample()
    {
        var template = new CookiecutterTemplate
        {
            Metadata = new V1ObjectMeta { Name = "py-service", NamespaceProperty = "team-a", Generation = 1 },
            Spec = new CookiecutterTemplateSpec
            {
                Source = new TemplateSource { Git = new GitSource { Url = "https://example.com/py-service.git" } },
                VariableOverrides = [new VariableOverride { Name = "internal_id", Hidden = true }],
            },
        };
        template.Status = InspectResults.ReadyStatus(template, InspectResults.Payload(
            "py-service",
            InspectResults.Variable("project_name", "string", "demo"),
            InspectResults.Variable("license", "choice", "MIT", choices: ["MIT", "Apache-2.0"]),
            InspectResults.Variable("port", "integer", 8080),
            InspectResults.Variable("use_docker", "boolean", true),
            InspectResults.Variable("internal_id", "string", "x-1")));
        return TemplateView.From(template);
    }

    [Fact]
    public void Fitting_variables_give_no_error()
    {
        VariableCheck.ErrorMessage(Sample(), new JsonObject { ["project_name"] = "demo", ["license"] = "Apache-2.0", ["port"] = 80, ["use_docker"] = false })
            .Should().BeNull();
        VariableCheck.ErrorMessage(Sample(), []).Should().BeNull("every variable the generator reports has a default");
    }

    [Fact]
    public void Every_problem_is_listed_on_its_own_line_naming_the_variable()
    {
        var message = VariableCheck.ErrorMessage(
            Sample(),
            new JsonObject { ["project_name"] = 42, ["license"] = "GPL", ["port"] = "eighty", ["use_docker"] = "yes", ["colour"] = "red", ["internal_id"] = "x" });

        message.Should().NotBeNull();
        var lines = message!.Split('\n');
        lines[0].Should().Be("The variables do not fit template 'py-service'; nothing was created. Problems:");
        lines.Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Should().HaveCount(6);
        message.Should().Contain("- colour: the template has no variable 'colour'")
            .And.Contain("- license: 'GPL' is not one of the choices ['MIT', 'Apache-2.0']")
            .And.Contain("- port: expects a whole number")
            .And.Contain("- use_docker: expects true or false")
            .And.Contain("- internal_id: 'internal_id' is hidden")
            .And.Contain("- project_name: expects a string, got a number");
        lines[^1].Should().Contain("get_template_variables");
    }

    [Fact]
    public void Unknown_names_list_only_the_variables_a_client_may_set()
    {
        var problem = VariableCheck.Problems(Sample(), new JsonObject { ["project_name"] = "x", ["colour"] = "red" }).Should().ContainSingle().Subject;

        problem.Variable.Should().Be("colour");
        problem.Message.Should().Contain("license, port, project_name, use_docker").And.NotContain("internal_id");
    }

    [Fact]
    public void The_view_shows_the_typed_status_as_the_tools_print_it()
    {
        var view = Sample();

        view.Ready.Should().BeTrue();
        view.Source.Should().Be("https://example.com/py-service.git");
        view.ResolvedRevision.Should().Be(InspectResults.Revision);
        view.Variables.Select(v => (v.Name, v.Type)).Should().Equal(
            ("project_name", "string"), ("license", "choice"), ("port", "integer"), ("use_docker", "boolean"), ("internal_id", "string"));
        view.Variables.Single(v => v.Name == "port").Default!.ToJsonString().Should().Be("8080");
        view.Variables.Single(v => v.Name == "license").Choices.Should().Equal("MIT", "Apache-2.0");
        view.InputSchema!["properties"]!.AsObject().Select(p => p.Key).Should().Equal(["project_name", "license", "port", "use_docker"], "a hidden variable leaves the schema");
        view.InputSchema!["properties"]!["license"]!["enum"]!.AsArray().Select(c => (string?)c).Should().Equal("MIT", "Apache-2.0");
        TemplateView.From(TemplateWithNoStatus()).Should().Match<TemplateView>(v => !v.Ready && v.InputSchema == null && v.Variables.Count == 0);
    }

    private static CookiecutterTemplate TemplateWithNoStatus() => new()
    {
        Metadata = new V1ObjectMeta { Name = "fresh", NamespaceProperty = "team-a" },
        Spec = new CookiecutterTemplateSpec { Source = new TemplateSource { Archive = new ArchiveSource { Url = "https://example.com/t.zip" } } },
    };
}
