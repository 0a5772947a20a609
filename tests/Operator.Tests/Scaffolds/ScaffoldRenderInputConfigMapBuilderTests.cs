using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Scaffolds;
using DynamoMcp.Operator.Tests.Sandbox;

namespace DynamoMcp.Operator.Tests.Scaffolds;

public sealed class ScaffoldRenderInputConfigMapBuilderTests
{
    private static CookiecutterTemplate Inspected(Action<CookiecutterTemplateSpec>? change = null)
    {
        var template = SandboxPodSpecs.Template(change);
        template.Status = new CookiecutterTemplateStatus
        {
            Variables =
            [
                new TemplateVariable { Name = "project_name", Type = TemplateVariableType.String, Default = "My Project" },
                new TemplateVariable { Name = "license", Type = TemplateVariableType.Choice, Choices = ["Apache-2.0", "MIT"] },
                new TemplateVariable { Name = "python", Type = TemplateVariableType.Choice, Choices = ["3.12", "3.11"], Hidden = true },
            ],
        };
        return template;
    }

    [Fact]
    public void Holds_the_variables_and_the_inspected_choices_as_json_files()
    {
        var map = ScaffoldRenderInputConfigMapBuilder.Build(SandboxPodSpecs.Scaffold(), Inspected());

        map.Data.Keys.Should().BeEquivalentTo("variables.json", "choices.json");
        map.Data["variables.json"].Should().Be("""{"project_name":"App"}""");
        map.Data["choices.json"].Should().Be("""{"license":["Apache-2.0","MIT"],"python":["3.12","3.11"]}""");
        map.BinaryData.Should().BeNull("the result reader takes binary chunk- keys of the Scaffold's ConfigMaps; this is none of them");
    }

    [Fact]
    public void Is_named_after_the_scaffold_labelled_and_owned_like_its_other_children()
    {
        var scaffold = SandboxPodSpecs.Scaffold();

        var map = ScaffoldRenderInputConfigMapBuilder.Build(scaffold, Inspected());

        map.Metadata.Name.Should().Be("my-app-render-input").And.Be(ScaffoldRenderInputConfigMapBuilder.Name(scaffold));
        map.Metadata.NamespaceProperty.Should().Be("team-a");
        map.Metadata.Labels.Should().Contain("app.kubernetes.io/managed-by", "dynamo-mcp")
            .And.Contain("dynamo-mcp.io/scaffold", "my-app")
            .And.Contain("dynamo-mcp.io/purpose", "render-input");
        var owner = map.Metadata.OwnerReferences.Should().ContainSingle().Subject;
        (owner.Kind, owner.Name, owner.Uid, owner.Controller).Should().Be(("Scaffold", "my-app", "uid-app", true));
        map.Metadata.Annotations.Should().ContainKey("dynamo-mcp.io/spec-hash");
        map.Immutable.Should().NotBe(true, "the child applier replaces it when the Scaffold's variables change");
    }

    [Fact]
    public void A_long_scaffold_name_is_cut_to_a_valid_name()
    {
        var scaffold = SandboxPodSpecs.Scaffold();
        scaffold.Metadata.Name = new string('s', 70);

        ScaffoldRenderInputConfigMapBuilder.Name(scaffold).Should().HaveLength(63).And.EndWith("-render-input");
    }

    [Fact]
    public void Variables_above_the_argument_limit_fit_because_they_travel_in_a_file()
    {
        var big = new string('x', 200 * 1024);
        var scaffold = SandboxPodSpecs.Scaffold(s => s.Variables = new Dictionary<string, object?> { ["settings"] = new Dictionary<string, object?> { ["blob"] = big } });

        var map = ScaffoldRenderInputConfigMapBuilder.Build(scaffold, Inspected());
        var job = Sandbox.SandboxPodSpecs.Render(scaffold, Inspected(), new string('a', 40), new Operator.Sandbox.SandboxOptions());

        JsonNode.Parse(map.Data["variables.json"])!["settings"]!["blob"]!.GetValue<string>().Should().Be(big);
        job.Spec.Template.Spec.Containers.Single().Args.Should().OnlyContain(a => a.Length < 4096);
    }

    [Fact]
    public void Override_defaults_of_the_template_are_passed_unless_the_scaffold_sets_the_variable()
    {
        var template = Inspected(s => s.VariableOverrides =
        [
            new VariableOverride { Name = "license", Default = "MIT" },
            new VariableOverride { Name = "project_name", Default = "Ignored" },
            new VariableOverride { Name = "other", Description = "no default" },
        ]);

        ScaffoldRenderInputConfigMapBuilder.Build(SandboxPodSpecs.Scaffold(), template).Data["variables.json"]
            .Should().Be("""{"license":"MIT","project_name":"App"}""");
    }

    [Fact]
    public void A_template_without_inspected_choices_gives_an_empty_choices_document()
    {
        ScaffoldRenderInputConfigMapBuilder.Build(SandboxPodSpecs.Scaffold(), SandboxPodSpecs.Template()).Data["choices.json"].Should().Be("{}");
    }
}
