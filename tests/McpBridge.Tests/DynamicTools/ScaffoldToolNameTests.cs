using System.Text.RegularExpressions;
using DynamoMcp.McpBridge.DynamicTools;

namespace DynamoMcp.McpBridge.Tests.DynamicTools;

public sealed partial class ScaffoldToolNameTests
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex McpToolName();

    [Theory]
    [InlineData("py-service", "scaffold_py-service")]
    [InlineData("Go_CLI2", "scaffold_Go_CLI2")]
    [InlineData("web.app", "scaffold_web_app")]
    [InlineData("a b/c:d", "scaffold_a_b_c_d")]
    [InlineData("café", "scaffold_caf_")]
    public void Keeps_allowed_characters_and_replaces_the_rest(string template, string expected) =>
        ScaffoldToolName.For(template).Should().Be(expected);

    [Fact]
    public void A_name_of_exactly_64_characters_is_kept_whole()
    {
        var template = new string('t', 64 - ScaffoldToolName.Prefix.Length);

        ScaffoldToolName.For(template).Should().Be(ScaffoldToolName.Prefix + template).And.HaveLength(64);
    }

    [Fact]
    public void Longer_names_are_cut_to_64_with_a_hash_so_distinct_templates_stay_distinct()
    {
        var common = new string('x', 60);
        var first = ScaffoldToolName.For(common + "-alpha");
        var second = ScaffoldToolName.For(common + "-beta");

        first.Should().HaveLength(64).And.MatchRegex(McpToolName().ToString()).And.StartWith(ScaffoldToolName.Prefix);
        second.Should().HaveLength(64).And.MatchRegex(McpToolName().ToString());
        first.Should().NotBe(second);
        ScaffoldToolName.For(common + "-alpha").Should().Be(first, "the name is stable across calls and restarts");
    }

    [Fact]
    public void Templates_that_sanitize_alike_but_are_long_do_not_collide()
    {
        var stem = new string('y', 58);

        ScaffoldToolName.For(stem + ".a.b").Should().NotBe(ScaffoldToolName.For(stem + "_a_b"));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("my-template-with-a-rather-long-name-that-goes-on-and-on-and-on-and-on")]
    [InlineData("ünïcödé/and spaces")]
    public void Every_result_is_a_valid_mcp_tool_name(string template) =>
        McpToolName().IsMatch(ScaffoldToolName.For(template)).Should().BeTrue(ScaffoldToolName.For(template));
}
