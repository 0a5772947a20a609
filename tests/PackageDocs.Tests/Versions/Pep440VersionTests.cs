using DynamoMcp.PackageDocs.Versions;

namespace DynamoMcp.PackageDocs.Tests.Versions;

public sealed class Pep440VersionTests
{
    // Each row: lower < higher, from PEP 440's ordering examples and real releases.
    [Theory]
    [InlineData("1.0.dev456", "1.0a1")]
    [InlineData("1.0a1", "1.0a2.dev456")]
    [InlineData("1.0a2.dev456", "1.0a12")]
    [InlineData("1.0a12", "1.0b1.dev456")]
    [InlineData("1.0b2", "1.0b2.post345.dev456")]
    [InlineData("1.0b2.post345", "1.0rc1.dev456")]
    [InlineData("1.0rc1", "1.0")]
    [InlineData("1.0", "1.0+abc.5")]
    [InlineData("1.0+abc.5", "1.0+abc.7")]
    [InlineData("1.0+abc.7", "1.0+5")]
    [InlineData("1.0+5", "1.0.post456.dev34")]
    [InlineData("1.0.post456.dev34", "1.0.post456")]
    [InlineData("1.0.post456", "1.1.dev1")]
    [InlineData("5.1.4", "5.2a1")]
    [InlineData("5.2a1", "5.2")]
    [InlineData("5.2", "5.2.1")]
    [InlineData("5.9", "5.10")]
    [InlineData("2025.1", "1!0.1")]
    public void Orders_as_pip_does(string lower, string higher)
    {
        var a = Pep440Version.Parse(lower);
        var b = Pep440Version.Parse(higher);
        (a < b).Should().BeTrue($"{lower} < {higher}");
        (b > a).Should().BeTrue();
        a.CompareTo(b).Should().BeNegative();
    }

    [Theory]
    [InlineData("1.0RC1", "1.0rc1")]
    [InlineData("1.0-alpha-2", "1.0a2")]
    [InlineData("1.0.beta", "1.0b0")]
    [InlineData("1.0c3", "1.0rc3")]
    [InlineData("1.0-1", "1.0.post1")]
    [InlineData("1.0.rev2", "1.0.post2")]
    [InlineData("v2.0.dev", "2.0.dev0")]
    [InlineData("1.0+Ubuntu-1", "1.0+ubuntu.1")]
    [InlineData("0!3.12", "3.12")]
    public void Normalizes_spellings(string text, string normalized) =>
        Pep440Version.Parse(text).ToString().Should().Be(normalized);

    [Fact]
    public void Trailing_zeros_do_not_change_equality()
    {
        Pep440Version.Parse("5.1").Should().Be(Pep440Version.Parse("5.1.0"));
        Pep440Version.Parse("5.1").GetHashCode().Should().Be(Pep440Version.Parse("5.1.0.0").GetHashCode());
    }

    [Theory]
    [InlineData("5.2a1", true)]
    [InlineData("5.2.dev3", true)]
    [InlineData("5.2.post1", false)]
    [InlineData("5.2", false)]
    public void Knows_prereleases(string text, bool pre) => Pep440Version.Parse(text).IsPrerelease.Should().Be(pre);

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1.0-")]
    [InlineData("1..0")]
    [InlineData("1.0 beta")]
    public void Refuses_non_versions(string text)
    {
        Pep440Version.TryParse(text, out _).Should().BeFalse();
        var act = () => Pep440Version.Parse(text);
        act.Should().Throw<FormatException>().WithMessage("*not a PEP 440 version*");
    }
}
