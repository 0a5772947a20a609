using System.Text.Json;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Workflows;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Workflows;

public sealed class WorkflowViewTests
{
    [Fact]
    public void Valid_only_when_Ready_for_the_current_generation()
    {
        var ready = Workflow(generation: 2, observed: 2, c => c.MarkReady(2, ConditionReasons.WorkflowValid, "2 steps, a valid DAG.", TimeProvider.System));
        var stale = Workflow(generation: 3, observed: 2, c => c.MarkReady(2, ConditionReasons.WorkflowValid, "2 steps, a valid DAG.", TimeProvider.System));
        var stalled = Workflow(generation: 1, observed: 1, c => c.MarkStalled(1, ConditionReasons.InvalidSpec, "steps: dependsOn forms a cycle a → b → a.", TimeProvider.System));
        var fresh = Workflow(generation: 1, observed: null, _ => { });

        WorkflowView.From(ready).Valid.Should().BeTrue();
        WorkflowView.From(ready).StatusMessage.Should().BeNull();
        WorkflowView.From(stale).Valid.Should().BeFalse();
        WorkflowView.From(stale).StatusMessage.Should().Be("waiting for the operator to validate its latest change (generation 3)");
        WorkflowView.From(stalled).Valid.Should().BeFalse();
        WorkflowView.From(stalled).StatusMessage.Should().Be("InvalidSpec: steps: dependsOn forms a cycle a → b → a.");
        WorkflowView.From(fresh).StatusMessage.Should().Be("waiting for the operator to validate it");
    }

    [Fact]
    public void Missing_references_are_a_warning_on_a_valid_workflow()
    {
        var workflow = Workflow(1, 1, s =>
        {
            s.MarkReady(1, ConditionReasons.WorkflowValid, "1 step.", TimeProvider.System);
            s.Conditions.Set(ConditionTypes.ReferencesResolved, ConditionStatus.False, ConditionReasons.ReferencesMissing, "Not found in namespace team-w: McpServer docs.", 1, TimeProvider.System);
        });

        var view = WorkflowView.From(workflow);

        view.Valid.Should().BeTrue();
        view.Warning.Should().Be("Not found in namespace team-w: McpServer docs.");
    }

    [Fact]
    public void The_input_schema_is_the_specs_and_its_properties_are_summarized()
    {
        var workflow = Workflow(1, 1, _ => { });
        var schema = """{"type":"object","required":["a","b"],"properties":{"a":{"type":"string","description":"first"},"b":{"type":"integer","default":2},"c":{"enum":["x","y"]}}}""";
        workflow.Spec.Inputs = FreeForm.FromJsonObject(System.Text.Json.Nodes.JsonNode.Parse(schema)!.AsObject());

        var view = WorkflowView.From(workflow);

        view.InputSchema.ToJsonString().Should().Be(schema);
        view.Inputs.Select(i => (i.Name, i.Type, i.Required, i.Description)).Should().Equal(("a", "string", true, "first"), ("b", "integer", false, null), ("c", null, false, null));
        view.Inputs[1].Default!.GetValue<long>().Should().Be(2);
        view.Inputs[2].Choices!.Select(c => c!.GetValue<string>()).Should().Equal("x", "y");
    }

    [Fact]
    public void Without_inputs_the_schema_is_an_empty_object_schema()
    {
        var view = WorkflowView.From(Workflow(1, 1, _ => { }));

        JsonSerializer.Serialize(view.InputSchema).Should().Be("""{"type":"object"}""");
        view.Inputs.Should().BeEmpty();
    }

    [Theory]
    [InlineData("deploy", "workflow_deploy")]
    [InlineData("release.v2", "workflow_release_v2")]
    public void Its_tool_is_named_like_the_scaffold_tools(string name, string tool)
    {
        WorkflowToolName.For(name).Should().Be(tool);
        var longName = new string('w', 80);
        WorkflowToolName.For(longName).Should().HaveLength(64).And.StartWith("workflow_www").And.NotBe(WorkflowToolName.For(longName + "x"));
    }

    private static Workflow Workflow(long generation, long? observed, Action<WorkflowStatus> status)
    {
        var workflow = new Workflow
        {
            Metadata = new V1ObjectMeta { Name = "wf", NamespaceProperty = "team-w", Generation = generation },
            Spec = new WorkflowSpec { Steps = [new WorkflowStep { Name = "a" }, new WorkflowStep { Name = "b" }] },
        };
        status(workflow.Status);
        workflow.Status.ObservedGeneration = observed;
        return workflow;
    }
}
