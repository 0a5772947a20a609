using DynamoMcp.PackageDocs.Versions;

namespace DynamoMcp.PackageDocs.Tests.Versions;

public sealed class SemverRangeTests
{
    // Cases from node-semver's range-include / range-exclude fixtures and from the recorded packuments.
    [Theory]
    [InlineData("^3.2.0", "3.5.13", true)]
    [InlineData("^3.2.0", "4.0.0", false)]
    [InlineData("^3.2.0", "3.1.9", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("^0.0", "0.0.9", true)]
    [InlineData("^0.0", "0.1.0", false)]
    [InlineData("^1.x", "1.9.0", true)]
    [InlineData("^0.x", "0.9.0", true)]
    [InlineData("~1.2.3", "1.2.9", true)]
    [InlineData("~1.2.3", "1.3.0", false)]
    [InlineData("~1.2", "1.2.0", true)]
    [InlineData("~1", "1.9.9", true)]
    [InlineData("~1", "2.0.0", false)]
    [InlineData("~>3.2.1", "3.2.2", true)]
    [InlineData(">=1.0.0 <2.0.0", "1.5.0", true)]
    [InlineData(">=1.0.0 <2.0.0", "2.0.0", false)]
    [InlineData(">= 14", "20.1.0", true)]
    [InlineData(">1.2", "1.2.9", false)]
    [InlineData(">1.2", "1.3.0", true)]
    [InlineData("<=1.2", "1.2.9", true)]
    [InlineData("<1.2", "1.1.9", true)]
    [InlineData("<1.2", "1.2.0", false)]
    [InlineData("1.x || 3.x", "3.4.0", true)]
    [InlineData("1.x || 3.x", "2.4.0", false)]
    [InlineData("1.2.x", "1.2.7", true)]
    [InlineData("1.2.x", "1.3.0", false)]
    [InlineData("*", "9.9.9", true)]
    [InlineData("", "1.0.0", true)]
    [InlineData("x", "0.0.1", true)]
    [InlineData("1.2.3", "1.2.3", true)]
    [InlineData("=1.2.3", "1.2.4", false)]
    [InlineData("1.2.3 - 2.3.4", "2.3.4", true)]
    [InlineData("1.2.3 - 2.3.4", "2.3.5", false)]
    [InlineData("1.2 - 2.3", "2.3.9", true)]
    [InlineData("1.2 - 2.3", "2.4.0", false)]
    [InlineData("1.2 - 2.3", "1.1.9", false)]
    [InlineData("1.2.3 - 2", "2.9.9", true)]
    [InlineData("^14.18.0 || >=16.0.0", "15.0.0", false)]
    [InlineData("^14.18.0 || >=16.0.0", "18.20.0", true)]
    [InlineData("^20.19.0 || >=22.12.0", "22.11.0", false)]
    [InlineData("^20.19.0 || >=22.12.0", "20.19.1", true)]
    [InlineData("^5.0.0 || ^6.0.0 || ^7.0.0 || ^8.0.0", "7.3.1", true)]
    [InlineData(">*", "1.0.0", false)]
    public void Satisfies(string range, string version, bool expected) =>
        SemverRange.Parse(range).IsSatisfiedBy(SemVersion.Parse(version)).Should().Be(expected, $"'{range}' vs {version}");

    [Theory]
    // A pre-release matches only a comparator set that names a pre-release of the same major.minor.patch.
    [InlineData("^3.2.25", "3.6.0-rc.15", false)]
    [InlineData("^3.2.25 || ^3.6.0-rc.15", "3.6.0-rc.15", true)]
    [InlineData("^3.2.25 || ^3.6.0-rc.10", "3.6.0-rc.15", true)]
    [InlineData("^3.2.25 || ^3.6.0-rc.15", "3.6.0-rc.12", false)]
    [InlineData(">=1.2.3-beta.2 <1.3.0", "1.2.3-beta.4", true)]
    [InlineData(">=1.2.3-beta.2 <1.3.0", "1.2.4-beta.1", false)]
    [InlineData("^8.0.0-0", "8.0.0-beta.17", true)]
    [InlineData("^1.2.3", "2.0.0-0", false)]
    public void Applies_the_prerelease_rule(string range, string version, bool expected) =>
        SemverRange.Parse(range).IsSatisfiedBy(SemVersion.Parse(version)).Should().Be(expected);

    [Fact]
    public void Admits_prereleases_when_asked() =>
        SemverRange.Parse("^3.2.25").IsSatisfiedBy(SemVersion.Parse("3.6.0-rc.15"), includePrerelease: true).Should().BeTrue();

    [Theory]
    [InlineData("workspace:*")]
    [InlineData("npm:vue@^3")]
    [InlineData("git+https://github.com/vuejs/core.git")]
    [InlineData("^one.two")]
    public void Refuses_what_is_not_a_range(string text)
    {
        SemverRange.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain(text);
    }
}
