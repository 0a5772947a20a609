using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Workflows;
using k8s.Models;

namespace DynamoMcp.McpBridge.Tests.Workflows;

public sealed class WorkflowOutputsTests
{
    private static readonly WorkflowRun Run = new() { Metadata = new V1ObjectMeta { Name = "run-1", NamespaceProperty = "team-w", Uid = "uid-1" } };

    [Fact]
    public void Reads_the_json_object_of_a_config_map_the_run_owns()
    {
        var outputs = WorkflowOutputs.FromConfigMap(Run, Map("uid-1", """{"revision": "abc", "count": 3}"""));

        outputs["revision"]!.GetValue<string>().Should().Be("abc");
        outputs["count"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public void A_config_map_of_another_run_of_the_same_name_is_refused()
    {
        var act = () => WorkflowOutputs.FromConfigMap(Run, Map("uid-0", """{"revision": "old"}"""));

        act.Should().Throw<WorkflowOutputsException>().WithMessage("ConfigMap 'run-1-outputs' is not owned by this run (uid uid-1)*earlier run*");
    }

    [Theory]
    [InlineData(null, "*has no key outputs.json")]
    [InlineData("[1, 2]", "*is not a JSON object")]
    [InlineData("{\"cut", "*is not valid JSON*")]
    public void Missing_or_malformed_outputs_say_what_is_wrong(string? json, string message)
    {
        var act = () => WorkflowOutputs.FromConfigMap(Run, Map("uid-1", json));

        act.Should().Throw<WorkflowOutputsException>().WithMessage(message);
    }

    [Fact]
    public void Inline_outputs_become_a_json_object()
    {
        WorkflowOutputs.Inline(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { "x" } })!.ToJsonString().Should().Be("""{"a":1,"b":["x"]}""");
        WorkflowOutputs.Inline(null).Should().BeNull();
    }

    private static V1ConfigMap Map(string ownerUid, string? json) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "run-1-outputs",
            NamespaceProperty = "team-w",
            OwnerReferences = [new V1OwnerReference { ApiVersion = "dynamo-mcp.io/v1alpha1", Kind = WorkflowRun.KubeKind, Name = "run-1", Uid = ownerUid }],
        },
        Data = json is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [WorkflowOutputs.Key] = json },
    };
}
