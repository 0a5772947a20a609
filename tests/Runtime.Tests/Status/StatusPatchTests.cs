using System.Text.Json.Nodes;
using DynamoMcp.Runtime.Status;
using k8s.Models;

namespace DynamoMcp.Runtime.Tests.Status;

public sealed class StatusPatchTests
{
    private static V1Deployment Deployment(int? ready, string? conditionMessage = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", ResourceVersion = "7" },
        Spec = new V1DeploymentSpec { Replicas = 3 },
        Status = new V1DeploymentStatus
        {
            ReadyReplicas = ready,
            Conditions = conditionMessage is null ? null : [new V1DeploymentCondition { Type = "Available", Status = "True", Message = conditionMessage }],
        },
    };

    [Fact]
    public void Unchanged_status_needs_no_patch_even_when_metadata_or_spec_differ()
    {
        var old = Deployment(2, "ok");
        var updated = Deployment(2, "ok");
        updated.Metadata.ResourceVersion = "8";
        updated.Spec.Replicas = 5;

        StatusPatch.Compute(old, updated).Should().BeNull();
    }

    [Fact]
    public void Changed_field_patches_only_that_field_under_status()
    {
        var patch = StatusPatch.Compute(Deployment(2, "ok"), Deployment(3, "ok"));

        JsonNode.DeepEquals(JsonNode.Parse(patch!), JsonNode.Parse("""{"status":{"readyReplicas":3}}""")).Should().BeTrue(patch);
    }

    [Fact]
    public void Removed_field_becomes_null_and_arrays_are_replaced_whole()
    {
        var patch = StatusPatch.Compute(Deployment(2, "ok"), Deployment(null, "degraded"));

        JsonNode.DeepEquals(
            JsonNode.Parse(patch!),
            JsonNode.Parse("""{"status":{"readyReplicas":null,"conditions":[{"message":"degraded","status":"True","type":"Available"}]}}"""))
            .Should().BeTrue(patch);
    }

    [Fact]
    public void Status_on_an_object_not_seen_before_is_sent_whole()
    {
        var patch = StatusPatch.Compute(null, Deployment(1));

        JsonNode.DeepEquals(JsonNode.Parse(patch!), JsonNode.Parse("""{"status":{"readyReplicas":1}}""")).Should().BeTrue(patch);
    }

    [Theory]
    [InlineData("""{"a":1,"b":{"c":2,"d":3}}""", """{"a":1,"b":{"c":2,"d":4},"e":[1]}""", """{"b":{"d":4},"e":[1]}""")]
    [InlineData("""{"a":{"b":1}}""", """{"a":"x"}""", """{"a":"x"}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[1,2]}""", null)]
    [InlineData("""{"a":1}""", "{}", """{"a":null}""")]
    public void Merge_patch_follows_rfc_7386(string from, string to, string? expected)
    {
        var changed = JsonMergePatch.TryCreate(JsonNode.Parse(from), JsonNode.Parse(to), out var patch);

        changed.Should().Be(expected is not null);
        JsonNode.DeepEquals(patch, expected is null ? null : JsonNode.Parse(expected)).Should().BeTrue(patch?.ToJsonString());
    }
}
