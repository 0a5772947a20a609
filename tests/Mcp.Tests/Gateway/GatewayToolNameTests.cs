using DynamoMcp.Mcp.Gateway;

namespace DynamoMcp.Mcp.Tests.Gateway;

public sealed class GatewayToolNameTests
{
    [Theory]
    [InlineData("everything", "echo", "everything__echo")]
    [InlineData("fs", "read_file", "fs__read_file")]
    [InlineData("a", "_lead", "a___lead")]
    [InlineData("my-srv", "v1.get-sum", "my-srv__v1.get-sum")]
    [InlineData("s", "x__y", "s__x__y")]
    public void Keeps_a_valid_name_that_fits(string server, string tool, string expected)
    {
        GatewayToolName.Compose(server, tool).Should().Be(expected);
        GatewayToolName.TryParse(expected, out var parsedServer, out var parsedTool).Should().BeTrue();
        (parsedServer, parsedTool).Should().Be((server, tool));
    }

    [Theory]
    [InlineData("s", "get sum", "s__get_sum_")]
    [InlineData("s", "tool/with:odd", "s__tool_with_odd_")]
    [InlineData("s", "ü", "s___")]
    [InlineData("s", "", "s___")]
    public void Hashes_a_name_with_characters_outside_the_set(string server, string tool, string prefix)
    {
        var name = GatewayToolName.Compose(server, tool);

        name.Should().StartWith(prefix).And.MatchRegex("_[0-9a-f]{8}$");
        GatewayToolName.IsValidToolName(name).Should().BeTrue();
        GatewayToolName.Compose(server, tool).Should().Be(name, "the same input always gives the same name");
        GatewayToolName.TryParse(name, out var parsedServer, out _).Should().BeTrue();
        parsedServer.Should().Be(server);
    }

    [Theory]
    [InlineData(63, 64)]
    [InlineData(1, 126)]
    [InlineData(10, 200)]
    [InlineData(63, 1000)]
    public void Shortens_a_name_that_would_exceed_128(int serverLength, int toolLength)
    {
        var server = new string('s', serverLength);
        var tool = new string('t', toolLength);

        var name = GatewayToolName.Compose(server, tool);

        name.Length.Should().BeLessThanOrEqualTo(GatewayToolName.MaxLength);
        GatewayToolName.IsValidToolName(name).Should().BeTrue();
        name.Should().MatchRegex("_[0-9a-f]{8}$").And.StartWith(server + "__ttt");
        GatewayToolName.Compose(server, tool + "x").Should().NotBe(name, "the hash tells long names with one prefix apart");
    }

    [Fact]
    public void A_name_of_exactly_128_is_kept()
    {
        var tool = new string('t', 128 - 3);
        GatewayToolName.Compose("s", tool).Should().Be("s__" + tool);
    }

    [Theory]
    [InlineData("My-Server")]
    [InlineData("under_score")]
    [InlineData("-lead")]
    [InlineData("")]
    public void Refuses_a_server_name_that_is_not_a_dns_label(string server) =>
        FluentActions.Invoking(() => GatewayToolName.Compose(server, "echo")).Should().Throw<ArgumentException>().WithMessage("*DNS-1123*");

    [Theory]
    [InlineData("echo")]
    [InlineData("__echo")]
    [InlineData("srv__")]
    [InlineData("Srv__echo")]
    [InlineData("s_x__echo")]
    [InlineData(null)]
    public void Does_not_parse_what_is_not_a_gateway_name(string? name) =>
        GatewayToolName.TryParse(name, out _, out _).Should().BeFalse();

    [Fact]
    public void Salted_hashes_differ()
    {
        GatewayToolName.ComposeHashed("s", "a b", 1).Should().NotBe(GatewayToolName.ComposeHashed("s", "a b", 0));
    }
}
