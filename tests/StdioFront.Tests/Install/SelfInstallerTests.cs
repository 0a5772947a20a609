using DynamoMcp.StdioFront.Install;

namespace DynamoMcp.StdioFront.Tests.Install;

/// <summary><c>stdio-front --install &lt;dir&gt;</c>, the init container's copy: the binary lands as <c>&lt;dir&gt;/stdio-front</c>, executable.</summary>
public sealed class SelfInstallerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stdio-front-install-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(new[] { "--install", "/dynamo-mcp/bin" }, true)]
    [InlineData(new[] { "--install=/dynamo-mcp/bin" }, true)]
    [InlineData(new[] { "--install" }, true)]
    [InlineData(new[] { "--installer", "x" }, false)]
    [InlineData(new[] { "--port", "1", "--", "--install", "x" }, false)]
    public void The_install_mode_is_asked_for_by_the_first_argument(string[] args, bool requested)
    {
        SelfInstaller.Requested(args).Should().Be(requested);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_binary_is_copied_as_stdio_front_with_mode_0755(bool inlineSpelling)
    {
        var source = Binary("front-binary", "\u007fELF not really");
        var target = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = SelfInstaller.Run(inlineSpelling ? [$"--install={target}"] : ["--install", target], source, isNativeBinary: true, output, error);

        code.Should().Be(0, error.ToString());
        var installed = Path.Combine(target, "stdio-front");
        File.ReadAllText(installed).Should().Be("\u007fELF not really");
        output.ToString().Should().Contain(installed);
        Directory.GetFiles(target).Should().ContainSingle("no partial copy is left behind");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(installed).Should().Be(SelfInstaller.Mode);
            ((int)SelfInstaller.Mode).Should().Be(Convert.ToInt32("755", 8));
        }
    }

    [Fact]
    public void A_binary_already_there_is_replaced()
    {
        var target = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        File.WriteAllText(Path.Combine(target, "stdio-front"), "old");

        SelfInstaller.Install(Binary("front-binary", "new"), target);

        File.ReadAllText(Path.Combine(target, "stdio-front")).Should().Be("new");
    }

    [Theory]
    [InlineData("--install")]
    [InlineData("--install=")]
    [InlineData("--install /a /b")]
    public void A_missing_or_second_directory_is_a_usage_error(string commandLine)
    {
        var args = commandLine.Split(' ');
        using var error = new StringWriter();

        SelfInstaller.Run(args, Binary("front-binary", "x"), isNativeBinary: true, TextWriter.Null, error).Should().Be(2);

        error.ToString().Should().Contain("--install takes one directory");
    }

    [Fact]
    public void A_jit_process_refuses_since_its_executable_alone_is_not_the_front()
    {
        using var error = new StringWriter();
        var target = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;

        SelfInstaller.Run(["--install", target], "/usr/share/dotnet/dotnet", isNativeBinary: false, TextWriter.Null, error).Should().Be(2);

        error.ToString().Should().Contain("NativeAOT").And.Contain("dotnet publish");
        Directory.GetFiles(target).Should().BeEmpty();
    }

    [Fact]
    public void A_directory_that_does_not_exist_fails_with_what_to_do()
    {
        using var error = new StringWriter();

        SelfInstaller.Run(["--install", Path.Combine(_root, "missing")], Binary("front-binary", "x"), isNativeBinary: true, TextWriter.Null, error).Should().Be(1);

        error.ToString().Should().Contain("cannot install into").And.Contain("must exist and be writable");
    }

    private string Binary(string name, string content)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, content);
        return path;
    }
}
