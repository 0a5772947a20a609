using DynamoMcp.Api;

namespace DynamoMcp.Api.Tests;

public sealed class WellKnownTests
{
    private const string LabelKey = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

    [Fact]
    public void Group_is_a_dns_subdomain() => WellKnown.Group.Should().MatchRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$");

    [Fact]
    public void Api_version_is_group_slash_version() => WellKnown.ApiVersion.Should().Be("dynamo-mcp.io/v1alpha1");

    [Theory]
    [InlineData("Scaffold", "dynamo-mcp.io/scaffold")]
    [InlineData("CookiecutterTemplate", "dynamo-mcp.io/cookiecuttertemplate")]
    [InlineData("WorkflowRun", "dynamo-mcp.io/workflowrun")]
    public void Kind_label_keys_are_lower_case_and_valid(string kind, string expected)
    {
        var key = WellKnown.Labels.ForKind(kind);

        key.Should().Be(expected);
        key.Should().MatchRegex(LabelKey);
    }

    [Fact]
    public void Children_carry_managed_by_and_owner_labels()
    {
        WellKnown.Labels.ForChildOf("Scaffold", "my-app").Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["app.kubernetes.io/managed-by"] = "dynamo-mcp",
            ["dynamo-mcp.io/scaffold"] = "my-app",
        });
    }

    [Fact]
    public void Annotation_names_are_qualified_names_in_our_group()
    {
        string[] names =
        [
            WellKnown.Annotations.SpecHash, WellKnown.Annotations.RefreshRequestedAt,
        ];

        names.Should().AllSatisfy(n => n.Should().StartWith("dynamo-mcp.io/").And.MatchRegex(LabelKey));
        names.Should().OnlyHaveUniqueItems();
    }
}
