using DynamoMcp.PackageDocs.Requirements;
using DynamoMcp.PackageDocs.Versions;

namespace DynamoMcp.PackageDocs.Tests.Requirements;

public sealed class Pep508RequirementTests
{
    [Fact]
    public void Reads_name_specifiers_and_marker()
    {
        var r = Pep508Requirement.Parse("asgiref<4,>=3.8.1");
        r.Name.Should().Be("asgiref");
        r.Specifiers.Contains(Pep440Version.Parse("3.8.1")).Should().BeTrue();
        r.Specifiers.Contains(Pep440Version.Parse("4.0")).Should().BeFalse();
        r.Marker.Should().BeNull();
    }

    [Fact]
    public void Normalizes_the_name_and_reads_extras()
    {
        var r = Pep508Requirement.Parse("pytest-celery[all]>=1.0.0; extra == \"pytest\"");
        r.Name.Should().Be("pytest-celery");
        r.Extras.Should().Equal("all");
        r.Marker!.MentionsExtra.Should().BeTrue();
        Pep508Requirement.Parse("Django_Filter (>=2.0)").Name.Should().Be("django-filter");
        Pep508Requirement.Parse("Django_Filter (>=2.0)").Specifiers.Text.Should().Be(">=2.0");
    }

    [Fact]
    public void Reads_a_bare_name_with_a_marker()
    {
        var r = Pep508Requirement.Parse("tzdata; sys_platform == \"win32\"");
        r.Name.Should().Be("tzdata");
        r.Specifiers.Clauses.Should().BeEmpty();
        r.Marker!.Text.Should().Be("sys_platform == \"win32\"");
    }

    [Fact]
    public void Reads_a_url_requirement()
    {
        var r = Pep508Requirement.Parse("pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee ; python_version >= \"3.8\"");
        r.Name.Should().Be("pip");
        r.Url.Should().StartWith("https://github.com/pypa/pip/");
        r.Marker!.Evaluate(MarkerEnvironment.ForPython("3.12")).Should().BeTrue();
    }

    [Fact]
    public void Refuses_what_is_not_a_requirement()
    {
        var act = () => Pep508Requirement.Parse(">=3.0");
        act.Should().Throw<FormatException>().WithMessage("*not a PEP 508 requirement*");
    }
}
