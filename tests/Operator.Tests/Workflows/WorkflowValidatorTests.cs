using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Workflows;
using k8s;

namespace DynamoMcp.Operator.Tests.Workflows;

public sealed class WorkflowValidatorTests
{
    private static WorkflowStep Container(string name, params string[] dependsOn) => new()
    {
        Name = name,
        DependsOn = dependsOn.Length == 0 ? null : dependsOn,
        Container = new ContainerAction { Image = "busybox", Args = [] },
    };

    [Fact]
    public void The_sample_workflow_is_valid_and_names_its_template_and_server()
    {
        var sample = KubernetesYaml.Deserialize<Workflow>(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "config", "samples", "dynamo-mcp.io_v1alpha1_workflow.yaml")));

        var validation = WorkflowValidator.Validate(sample.Spec);

        validation.Problems.Should().BeEmpty();
        validation.Templates.Should().Equal("pypackage");
        validation.Servers.Should().Equal("memory");
    }

    [Fact]
    public void A_cycle_is_named_and_unknown_dependencies_are_listed()
    {
        var spec = new WorkflowSpec { Steps = [Container("a", "c"), Container("b", "a"), Container("c", "b"), Container("d", "nope")] };

        var problems = WorkflowValidator.Validate(spec).Problems;

        problems.Should().Contain(p => p.Contains("cycle a → c → b → a", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("steps[3] 'd'.dependsOn: 'nope' is not a step", StringComparison.Ordinal));
    }

    [Fact]
    public void Expressions_may_read_only_upstream_steps_and_must_parse()
    {
        var render = Container("render");
        var verify = Container("verify", "render");
        verify.Container!.Args = ["${{ steps.render.outputs.sha }}", "${{ steps.publish.outputs.url }}"];
        var publish = Container("publish", "verify");
        publish.When = "${{ steps.verify.outputs.ok == }}";
        var side = Container("side");
        side.Container!.Env = [new k8s.Models.V1EnvVar { Name = "REV", Value = "${{ steps.render.outputs.revision }}" }];
        var spec = new WorkflowSpec
        {
            Steps = [render, verify, publish, side],
            Outputs = new Dictionary<string, string> { ["url"] = "${{ steps.publish.outputs.url }}", ["bad"] = "${{ steps.ghost.phase }}" },
        };

        var problems = WorkflowValidator.Validate(spec).Problems;

        problems.Should().HaveCount(4, string.Join("\n", problems));
        problems.Should().Contain("steps[1] 'verify'.container.args[1]: reads steps.publish, which is not upstream of this step: add it to dependsOn (directly or through another step)");
        problems.Should().Contain("steps[3] 'side'.container.env[REV]: reads steps.render, which is not upstream of this step: add it to dependsOn (directly or through another step)");
        problems.Should().Contain("outputs.bad: reads steps.ghost, which is not a step of this workflow");
        problems.Should().Contain(p => p.StartsWith("steps[2] 'publish'.when: '", StringComparison.Ordinal) && p.Contains("not valid CEL", StringComparison.Ordinal));
    }

    [Fact]
    public void An_inputs_schema_must_describe_an_object_whose_required_properties_exist()
    {
        var spec = new WorkflowSpec
        {
            Steps = [Container("a")],
            Inputs = new Dictionary<string, object?>
            {
                ["type"] = "array",
                ["properties"] = new Dictionary<string, object?> { ["name"] = new Dictionary<string, object?> { ["type"] = "string" }, ["bad"] = "string" },
                ["required"] = new List<object?> { "name", "ghost" },
            },
        };

        WorkflowValidator.Validate(spec).Problems.Should().BeEquivalentTo(
            "inputs.type: must be \"object\" (a run's inputs are an object)",
            "inputs.properties.bad: must be a schema object",
            "inputs.required: 'ghost' is not among inputs.properties");
    }

    [Fact]
    public void Finally_steps_and_the_others_do_not_wait_for_each_other_and_forEach_is_checked()
    {
        var cleanup = Container("cleanup", "build");
        cleanup.Finally = true;
        var notify = Container("notify", "cleanup");
        notify.Finally = true;
        var build = Container("build");
        build.ForEach = "${{ inputs.services ++ }}";
        var late = Container("late", "notify");

        var problems = WorkflowValidator.Validate(new WorkflowSpec { Steps = [build, cleanup, notify, late] }).Problems;

        problems.Should().HaveCount(3, string.Join("\n", problems));
        problems.Should().Contain(p => p.StartsWith("steps[1] 'cleanup'.dependsOn: 'build' is not a finally step", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("steps[3] 'late'.dependsOn: 'notify' is a finally step", StringComparison.Ordinal));
        problems.Should().Contain(p => p.StartsWith("steps[0] 'build'.forEach: ", StringComparison.Ordinal) && p.Contains("not valid CEL", StringComparison.Ordinal));
    }
}
