using System.ComponentModel;
using DynamoMcp.PackageDocs.Answers;
using DynamoMcp.PackageDocs.Compatibility;
using ModelContextProtocol.Server;

namespace DynamoMcp.PackageDocs.Tools;

/// <summary>The server's MCP tools: versions, release history, compatible versions and links of PyPI and npm packages.</summary>
[McpServerToolType]
public sealed class PackageDocsTools(PackageDocsAnswers answers)
{
    private const string EcosystemText = "The package registry: 'pypi' (Python) or 'npm' (JavaScript).";
    private const string NameText = "The package's name as published, e.g. 'django', 'djangorestframework', 'vue', '@vitejs/plugin-vue'.";

    [McpServerTool(Name = "get_package_versions", Title = "Package versions", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Lists a package's published versions, newest first, with release dates, yanked/deprecated flags and the Python (requires_python) or Node (engines.node) each needs. Pre-releases are left out unless asked for.")]
    public Task<VersionsAnswer> GetPackageVersions(
        [Description(EcosystemText)] string ecosystem,
        [Description(NameText)] string name,
        [Description("Include alpha, beta, rc and dev releases.")] bool includePrereleases = false,
        [Description("At most this many versions (default 50, at most 1000).")] int limit = PackageDocsAnswers.DefaultLimit,
        CancellationToken cancellationToken = default) =>
        AnswerErrors.AsToolErrorAsync(() => answers.GetVersionsAsync(EcosystemNames.Parse(ecosystem), name, includePrereleases, limit, cancellationToken));

    [McpServerTool(Name = "get_release_history", Title = "Release history", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Summarizes how a package is released: its release series (PyPI major.minor, npm major) newest first, the latest releases with the days between them, the cadence and the changelog link.")]
    public Task<ReleaseHistoryAnswer> GetReleaseHistory(
        [Description(EcosystemText)] string ecosystem,
        [Description(NameText)] string name,
        CancellationToken cancellationToken = default) =>
        AnswerErrors.AsToolErrorAsync(() => answers.GetReleaseHistoryAsync(EcosystemNames.Parse(ecosystem), name, cancellationToken));

    [McpServerTool(Name = "find_compatible_versions", Title = "Find a compatible version", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Finds the newest release of a package that works with the given versions of other packages and a Python or Node version, from the releases' own metadata (PyPI requires_dist and requires_python; npm peerDependencies, dependencies and engines). "
        + "Example: package 'djangorestframework', with {\"django\": \"5.1\"}, python '3.12'. The answer names the checks that admitted the release and why newer ones were rejected.")]
    public Task<CompatibleVersionsAnswer> FindCompatibleVersions(
        [Description(EcosystemText)] string ecosystem,
        [Description("The package to choose a version of.")] string package,
        [Description("The packages it must work with, name to exact version, e.g. {\"django\": \"5.1\"} or {\"vue\": \"3.4.0\"}.")] Dictionary<string, string>? with = null,
        [Description("The Python version (PyPI only), e.g. '3.12'.")] string? python = null,
        [Description("The Node.js version (npm only), e.g. '20.11.0'.")] string? node = null,
        [Description("Consider pre-releases too.")] bool includePrereleases = false,
        CancellationToken cancellationToken = default) =>
        AnswerErrors.AsToolErrorAsync(() => answers.FindCompatibleAsync(
            new CompatibilityQuery(EcosystemNames.Parse(ecosystem), package, with ?? [], Blank(python), Blank(node), includePrereleases),
            cancellationToken));

    [McpServerTool(Name = "get_package_links", Title = "Package links", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Gives a package's documentation, changelog, repository, issue tracker and homepage as its own metadata states them, and its page on the registry's website.")]
    public Task<LinksAnswer> GetPackageLinks(
        [Description(EcosystemText)] string ecosystem,
        [Description(NameText)] string name,
        CancellationToken cancellationToken = default) =>
        AnswerErrors.AsToolErrorAsync(() => answers.GetLinksAsync(EcosystemNames.Parse(ecosystem), name, cancellationToken));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
