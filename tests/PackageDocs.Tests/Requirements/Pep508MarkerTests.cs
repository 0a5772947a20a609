using DynamoMcp.PackageDocs.Requirements;

namespace DynamoMcp.PackageDocs.Tests.Requirements;

public sealed class Pep508MarkerTests
{
    [Theory]
    [InlineData("python_version < \"3.9\"", "3.8", true)]
    [InlineData("python_version < \"3.9\"", "3.12", false)]
    [InlineData("python_version >= \"3.10\"", "3.9", false)] // as versions, not text ("3.9" > "3.10" as text)
    [InlineData("python_version >= \"3.10\"", "3.12", true)]
    [InlineData("python_full_version >= \"3.12.1\"", "3.12.0", false)]
    [InlineData("python_version == \"3.12\"", "3.12.4", true)]
    [InlineData("\"3.8\" > python_version", "3.7", true)]
    [InlineData("python_version in \"3.8 3.9\"", "3.9", true)]
    [InlineData("python_version not in \"3.8 3.9\"", "3.9", false)]
    [InlineData("python_version >= \"3.8\" and python_version < \"3.11\"", "3.10", true)]
    [InlineData("python_version < \"3.8\" or python_version >= \"3.12\"", "3.10", false)]
    [InlineData("(python_version < \"3.8\" or python_version >= \"3.12\") and implementation_name == \"cpython\"", "3.12", true)]
    [InlineData("platform_python_implementation != 'PyPy'", "3.12", true)]
    public void Evaluates_python_markers(string marker, string python, bool expected) =>
        Pep508Marker.Parse(marker).Evaluate(MarkerEnvironment.ForPython(python)).Should().Be(expected);

    [Theory]
    [InlineData("extra == \"argon2\"", null, false)]
    [InlineData("extra == \"argon2\"", "argon2", true)]
    [InlineData("extra == \"Argon_2\"", "argon-2", true)]
    [InlineData("extra != \"argon2\"", null, true)]
    public void Extras_hold_only_when_requested(string marker, string? extra, bool expected)
    {
        var env = extra is null ? MarkerEnvironment.ForPython("3.12") : MarkerEnvironment.ForPython("3.12", extra);
        Pep508Marker.Parse(marker).Evaluate(env).Should().Be(expected);
    }

    [Fact]
    public void An_unknown_platform_is_unknown_not_false()
    {
        var env = MarkerEnvironment.ForPython("3.12");
        Pep508Marker.Parse("sys_platform == \"win32\"").Evaluate(env).Should().BeNull();
        // Three-valued logic: a known false decides "and", a known true decides "or".
        Pep508Marker.Parse("sys_platform == \"win32\" and python_version < \"3.9\"").Evaluate(env).Should().BeFalse();
        Pep508Marker.Parse("sys_platform == \"win32\" or python_version >= \"3.9\"").Evaluate(env).Should().BeTrue();
        Pep508Marker.Parse("sys_platform == \"win32\" and python_version >= \"3.9\"").Evaluate(env).Should().BeNull();
    }

    [Fact]
    public void Known_platform_values_decide()
    {
        var env = new MarkerEnvironment("3.12", [], new Dictionary<string, string> { ["sys_platform"] = "linux" });
        Pep508Marker.Parse("sys_platform == \"win32\"").Evaluate(env).Should().BeFalse();
    }

    [Fact]
    public void Without_a_python_version_python_markers_are_unknown() =>
        Pep508Marker.Parse("python_version < \"3.9\"").Evaluate(MarkerEnvironment.ForPython(null)).Should().BeNull();

    [Theory]
    [InlineData("python_version <")]
    [InlineData("python_version \"3.9\"")]
    [InlineData("(python_version < \"3.9\"")]
    [InlineData("python_version < \"3.9")]
    [InlineData("python_version < \"3.9\" xor 1")]
    public void Refuses_malformed_markers(string marker)
    {
        var act = () => Pep508Marker.Parse(marker);
        act.Should().Throw<FormatException>().WithMessage("*PEP 508 marker*");
    }
}
