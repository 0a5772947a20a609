using DynamoMcp.AgentRuntime.Tools;

namespace DynamoMcp.AgentRuntime.Tests.Tools;

public sealed class ToolAllowlistTests
{
    [Theory]
    [InlineData("memory__read_graph", true)]
    [InlineData("memory__read_graph2", false)]
    [InlineData("fs__read", true)]
    [InlineData("fs__", true)]
    [InlineData("fs_read", false)]
    [InlineData("FS__read", false)]
    [InlineData("git__log", false)]
    public void Exact_names_and_prefixes_ending_in_a_star(string tool, bool permitted) =>
        ToolAllowlist.Permits(["memory__read_graph", "fs__*"], tool).Should().Be(permitted);

    [Fact]
    public void A_lone_star_permits_every_tool_and_an_empty_list_none()
    {
        ToolAllowlist.Permits(["*"], "anything").Should().BeTrue();
        ToolAllowlist.Permits([], "anything").Should().BeFalse();
    }
}
