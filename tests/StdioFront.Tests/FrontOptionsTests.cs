namespace DynamoMcp.StdioFront.Tests;

public sealed class FrontOptionsTests
{
    [Fact]
    public void Defaults_apply_and_everything_after_the_double_dash_is_the_command()
    {
        var options = FrontOptions.Parse(["--", "npx", "-y", "@modelcontextprotocol/server-everything", "--port", "1"], out var error);

        error.Should().BeNull();
        options.Should().NotBeNull();
        options!.Port.Should().Be(8080);
        options.Path.Should().Be("/mcp");
        options.Host.Should().BeNull();
        options.MaxSessions.Should().Be(16);
        options.IdleTimeout.Should().Be(TimeSpan.FromMinutes(10));
        options.StartupTimeout.Should().Be(TimeSpan.FromSeconds(120));
        options.Command.Should().Equal("npx", "-y", "@modelcontextprotocol/server-everything", "--port", "1");
    }

    [Fact]
    public void Reads_every_option_in_both_spellings()
    {
        var options = FrontOptions.Parse(
            ["--port", "9000", "--path=/rpc", "--host", "127.0.0.1", "--max-sessions", "3", "--idle-timeout", "90", "--startup-timeout=5m", "--working-directory", "/srv", "--", "uvx", "mcp-server-time"],
            out var error);

        error.Should().BeNull();
        options.Should().BeEquivalentTo(new FrontOptions
        {
            Port = 9000,
            Path = "/rpc",
            Host = "127.0.0.1",
            MaxSessions = 3,
            IdleTimeout = TimeSpan.FromSeconds(90),
            StartupTimeout = TimeSpan.FromMinutes(5),
            WorkingDirectory = "/srv",
            Command = ["uvx", "mcp-server-time"],
        });
    }

    [Theory]
    [InlineData(new[] { "--port", "8080" }, "no command")]
    [InlineData(new[] { "--" }, "no command after `--`")]
    [InlineData(new[] { "--port", "http", "--", "x" }, "--port: `http` is not valid (a port number 0-65535)")]
    [InlineData(new[] { "--port", "70000", "--", "x" }, "--port: `70000` is not valid")]
    [InlineData(new[] { "--path", "mcp", "--", "x" }, "--path: `mcp` is not valid (a path starting with /)")]
    [InlineData(new[] { "--max-sessions", "0", "--", "x" }, "--max-sessions: `0` is not valid (a positive number)")]
    [InlineData(new[] { "--idle-timeout", "soon", "--", "x" }, "--idle-timeout: `soon` is not valid (a duration such as 90s, 10m, 1h)")]
    [InlineData(new[] { "--verbose", "1", "--", "x" }, "unknown option --verbose")]
    [InlineData(new[] { "--port", "--", "x" }, "--port needs a value")]
    [InlineData(new[] { "npx", "server" }, "unexpected `npx`: put the stdio server's command after `--`")]
    public void Says_what_is_wrong(string[] args, string expected)
    {
        FrontOptions.Parse(args, out var error).Should().BeNull();

        error.Should().StartWith(expected);
    }

    [Fact]
    public void Help_is_no_options_and_no_error()
    {
        FrontOptions.Parse(["--help"], out var error).Should().BeNull();
        error.Should().BeNull();
        FrontOptions.Usage.Should().Contain("Usage: stdio-front [options] -- <command>").And.Contain("--max-sessions");
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("0.5s", 0.5)]
    public void Reads_durations(string text, double seconds)
    {
        FrontOptions.TryParseDuration(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("5d")]
    [InlineData("m")]
    public void Refuses_bad_durations(string text) => FrontOptions.TryParseDuration(text, out _).Should().BeFalse();
}
