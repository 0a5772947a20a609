using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Discovery;
using DynamoMcp.Mcp.Tools;

namespace DynamoMcp.Operator.Tests.McpServers;

public sealed class ToolFiltersTests
{
    private static DiscoveredTool Tool(string name, JsonObject? annotations = null) =>
        new(name, null, $"{name} does things", annotations, new JsonObject { ["type"] = "object" }, "sha256:" + name, null);

    [Theory]
    [InlineData("get_*", "get_user", true)]
    [InlineData("get_*", "set_user", false)]
    [InlineData("*", "", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*_admin_*", "drop_admin_table", true)]
    [InlineData("echo", "Echo", false)]
    public void Globs_match_names(string pattern, string name, bool expected) => ToolFilters.Glob(pattern, name).Should().Be(expected);

    [Fact]
    public void Deny_wins_over_allow_and_overrides_rename_and_redescribe()
    {
        var filter = new ToolFilter
        {
            Allow = ["get_*", "echo"],
            Deny = ["get_secret*"],
            Overrides = [new ToolOverride { Name = "echo", Rename = "say", Description = "Repeats the message." }],
        };

        var offered = ToolFilters.Apply([Tool("echo"), Tool("get_user"), Tool("get_secret_key"), Tool("delete_user")], filter);

        offered.Select(t => t.Name).Should().Equal("say", "get_user");
        offered[0].ServerName.Should().Be("echo");
        offered[0].Description.Should().Be("Repeats the message.");
        offered[1].ServerName.Should().BeNull();
        offered[1].Description.Should().Be("get_user does things");
        ToolFilters.Apply([Tool("a"), Tool("b")], null).Should().HaveCount(2, "no filter offers everything");
    }

    [Fact]
    public void Annotations_and_the_schema_digest_pass_through()
    {
        var offered = ToolFilters.Apply([Tool("rm", new JsonObject { ["destructiveHint"] = true, ["title"] = "x" }), Tool("ls")], null);

        offered[0].Annotations!.DestructiveHint.Should().BeTrue();
        offered[0].Annotations!.ReadOnlyHint.Should().BeNull();
        offered[0].InputSchemaDigest.Should().Be("sha256:rm");
        offered[1].Annotations.Should().BeNull();
    }
}
