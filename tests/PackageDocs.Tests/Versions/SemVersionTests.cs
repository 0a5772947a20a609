using DynamoMcp.PackageDocs.Versions;

namespace DynamoMcp.PackageDocs.Tests.Versions;

public sealed class SemVersionTests
{
    // The precedence example of semver.org §11, plus numeric-not-textual cases.
    [Theory]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta")]
    [InlineData("1.0.0-beta", "1.0.0-beta.2")]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11")]
    [InlineData("1.0.0-beta.11", "1.0.0-rc.1")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("3.5.9", "3.5.10")]
    [InlineData("3.6.0-rc.9", "3.6.0-rc.10")]
    [InlineData("3.5.45", "3.6.0-alpha.1")]
    public void Orders_by_precedence(string lower, string higher) =>
        (SemVersion.Parse(lower) < SemVersion.Parse(higher)).Should().BeTrue();

    [Fact]
    public void Ignores_build_metadata_and_a_leading_v()
    {
        SemVersion.Parse("v1.2.3+build.5").Should().Be(SemVersion.Parse("1.2.3"));
        SemVersion.Parse("=1.2.3").ToString().Should().Be("1.2.3");
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("01.2.3")]
    [InlineData("1.2.3-")]
    [InlineData("latest")]
    public void Refuses_non_versions(string text) => SemVersion.TryParse(text, out _).Should().BeFalse();
}
