using DynamoMcp.PackageDocs.Registry;

namespace DynamoMcp.PackageDocs.Tests.Registry;

public sealed class PackageNamesTests
{
    [Theory]
    [InlineData("Django", "django")]
    [InlineData("django_filter", "django-filter")]
    [InlineData("Django.Cors__Headers", "django-cors-headers")]
    [InlineData("zope.interface", "zope-interface")]
    public void Normalizes_pypi_names_per_pep_503(string name, string normalized) =>
        PackageNames.ValidatePyPi(name, "https://pypi.org").Should().Be(normalized);

    [Theory]
    [InlineData("")]
    [InlineData("-django")]
    [InlineData("django-")]
    [InlineData("django rest")]
    [InlineData("../etc/passwd")]
    [InlineData("djangø")]
    public void Refuses_invalid_pypi_names(string name)
    {
        var act = () => PackageNames.ValidatePyPi(name, "https://pypi.org");
        act.Should().Throw<RegistryException>()
            .Where(e => e.Kind == RegistryErrorKind.InvalidName)
            .WithMessage("*not a valid PyPI project name*");
    }

    [Theory]
    [InlineData("vue")]
    [InlineData("@vitejs/plugin-vue")]
    [InlineData("JSONStream")]
    [InlineData("lodash.merge")]
    public void Accepts_npm_names(string name) => PackageNames.ValidateNpm(name, "https://registry.npmjs.org").Should().Be(name);

    [Theory]
    [InlineData("", "empty")]
    [InlineData(".bin", "starts with")]
    [InlineData("_private", "starts with")]
    [InlineData(" vue", "spaces")]
    [InlineData("vue router", "characters")]
    [InlineData("@scope/", "characters")]
    [InlineData("@vitejs/plugin/vue", "characters")]
    [InlineData("../vue", "starts with")]
    [InlineData("vue/../x", "characters")]
    public void Refuses_invalid_npm_names(string name, string problem)
    {
        var act = () => PackageNames.ValidateNpm(name, "https://registry.npmjs.org");
        act.Should().Throw<RegistryException>()
            .Where(e => e.Kind == RegistryErrorKind.InvalidName)
            .WithMessage($"*{problem}*");
    }

    [Fact]
    public void Refuses_npm_names_over_214_characters()
    {
        var act = () => PackageNames.ValidateNpm(new string('a', 215), "https://registry.npmjs.org");
        act.Should().Throw<RegistryException>().WithMessage("*214*");
    }

    [Theory]
    [InlineData("vue", "vue")]
    [InlineData("@vitejs/plugin-vue", "@vitejs%2Fplugin-vue")]
    public void Encodes_scoped_npm_paths(string name, string path) => PackageNames.NpmPath(name).Should().Be(path);
}
