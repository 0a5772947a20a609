using DynamoMcp.PackageDocs.Versions;

namespace DynamoMcp.PackageDocs.Tests.Versions;

public sealed class Pep440SpecifierSetTests
{
    [Theory]
    [InlineData(">=3.10", "3.12", true)]
    [InlineData(">=3.10", "3.9", false)]
    [InlineData(">=3.10", "3.10.0", true)]
    [InlineData("<4,>=3.2", "3.2", true)]
    [InlineData("<4,>=3.2", "4.0", false)]
    [InlineData("<4,>=3.2", "3.99.1", true)]
    [InlineData(">=3.2, <4", "3.1", false)]
    [InlineData("~=2.2", "2.9", true)]
    [InlineData("~=2.2", "3.0", false)]
    [InlineData("~=2.2", "2.1", false)]
    [InlineData("~=1.4.5", "1.4.9", true)]
    [InlineData("~=1.4.5", "1.5.0", false)]
    [InlineData("==5.1.*", "5.1", true)]
    [InlineData("==5.1.*", "5.1.4", true)]
    [InlineData("==5.1.*", "5.10", false)]
    [InlineData("==5.*", "5.2.1", true)]
    [InlineData("!=5.1.*", "5.1.3", false)]
    [InlineData("!=5.1.*", "5.2", true)]
    [InlineData("==5.1", "5.1.0", true)]
    [InlineData("==5.1", "5.1+local", true)]
    [InlineData("==5.1+local", "5.1", false)]
    [InlineData("!=4.5.5,<6.0.0,>=4.5.2", "4.5.5", false)]
    [InlineData("!=4.5.5,<6.0.0,>=4.5.2", "5.0.1", true)]
    [InlineData(">3.7", "3.7.1", true)]
    [InlineData(">3.7", "3.7.post1", false)]
    [InlineData("<=3.8", "3.8", true)]
    [InlineData("<3.9", "3.8.18", true)]
    [InlineData("===1.0", "1.0", true)]
    [InlineData("", "1.0", true)]
    public void Contains_final_versions(string specifiers, string version, bool expected) =>
        Pep440SpecifierSet.Parse(specifiers).Contains(Pep440Version.Parse(version)).Should().Be(expected);

    [Fact]
    public void Excludes_prereleases_unless_asked_or_named()
    {
        var set = Pep440SpecifierSet.Parse(">=5.0");
        set.Contains(Pep440Version.Parse("5.2a1")).Should().BeFalse();
        set.Contains(Pep440Version.Parse("5.2a1"), includePrereleases: true).Should().BeTrue();
        Pep440SpecifierSet.Parse(">=5.2a1").Contains(Pep440Version.Parse("5.2b1")).Should().BeTrue();
    }

    [Fact]
    public void Less_than_a_final_excludes_its_prereleases()
    {
        // PEP 440: <3.0 must not admit 3.0rc1, even when pre-releases are allowed.
        Pep440SpecifierSet.Parse("<3.0").Contains(Pep440Version.Parse("3.0rc1"), includePrereleases: true).Should().BeFalse();
        Pep440SpecifierSet.Parse("<3.0rc2").Contains(Pep440Version.Parse("3.0rc1"), includePrereleases: true).Should().BeTrue();
    }

    [Theory]
    [InlineData("~=2")]
    [InlineData(">=5.*")]
    [InlineData("=>3.8")]
    [InlineData("3.8")]
    public void Refuses_malformed_clauses(string text)
    {
        var act = () => Pep440SpecifierSet.Parse(text);
        act.Should().Throw<FormatException>();
    }
}
