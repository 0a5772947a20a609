using System.Text.Json;
using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Requirements;
using DynamoMcp.PackageDocs.Versions;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.PackageDocs.Registry;

/// <summary>
/// PyPI's JSON API: <c>GET {base}/pypi/{name}/json</c> for the project and its releases' files, and
/// <c>GET {base}/pypi/{name}/{version}/json</c> for one release's <c>requires_dist</c> (the project document lacks it).
/// </summary>
public sealed class PyPiClient : IPackageRegistryClient
{
    private readonly RegistryHttp http;

    public PyPiClient(HttpClient httpClient, RegistryClientOptions options, ILogger<PyPiClient> logger, TimeProvider? time = null)
    {
        options.Validate();
        http = new RegistryHttp(httpClient, options, Ecosystem.PyPi, logger, time ?? TimeProvider.System);
    }

    public Ecosystem Ecosystem => Ecosystem.PyPi;

    /// <summary>The registry's base URL, as errors name it.</summary>
    public string Registry => http.BaseUrl.ToString();

    public async Task<PackageInfo> GetPackageAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = PackageNames.ValidatePyPi(name, http.BaseUrl.ToString());
        using var doc = await http.GetJsonAsync($"pypi/{normalized}/json", $"PyPI project '{normalized}'", cancellationToken);
        return ParseProject(doc.RootElement, normalized, http.BaseUrl);
    }

    public async Task<PackageRelease> GetReleaseAsync(string name, string version, CancellationToken cancellationToken)
    {
        var normalized = PackageNames.ValidatePyPi(name, http.BaseUrl.ToString());
        if (!Pep440Version.TryParse(version, out _))
        {
            throw new RegistryException(
                RegistryErrorKind.InvalidName, Ecosystem.PyPi, http.BaseUrl.ToString(),
                $"'{version}' is not a PEP 440 version, so PyPI cannot have it for '{normalized}'; use e.g. 5.1 or 3.15.2.");
        }

        using var doc = await http.GetJsonAsync(
            $"pypi/{normalized}/{Uri.EscapeDataString(version.Trim())}/json", $"release {version} of PyPI project '{normalized}'", cancellationToken);
        return ParseRelease(doc.RootElement, normalized, version.Trim(), http.BaseUrl);
    }

    internal static PackageInfo ParseProject(JsonElement root, string name, Uri registry)
    {
        var info = root.Property("info") ?? throw Invalid(registry, name, "it has no 'info' object");
        if (root.Property("releases") is not { ValueKind: JsonValueKind.Object })
        {
            throw Invalid(registry, name, "it has no 'releases' object");
        }

        var releases = root.Properties("releases")
            .Select(p => FromFiles(p.Name, p.Value.ValueKind == JsonValueKind.Array ? [.. p.Value.EnumerateArray()] : []))
            .ToList();
        return new PackageInfo(
            Ecosystem.PyPi,
            info.String("name") ?? name,
            info.String("summary"),
            info.String("version"),
            Order(releases),
            Links(info));
    }

    internal static PackageRelease ParseRelease(JsonElement root, string name, string version, Uri registry)
    {
        var info = root.Property("info") ?? throw Invalid(registry, name, $"release {version} has no 'info' object");
        var files = root.Items("urls").ToList();
        var fromFiles = FromFiles(info.String("version") ?? version, files);
        var dependencies = info.Items("requires_dist")
            .Where(d => d.ValueKind == JsonValueKind.String)
            .Select(d => d.GetString()!)
            .Select(text => new PackageDependency(RequirementName(text), text, DependencyKind.Runtime))
            .ToList();
        var yanked = info.Bool("yanked") || fromFiles.Yanked;
        return fromFiles with
        {
            Yanked = yanked,
            YankedReason = info.String("yanked_reason") ?? fromFiles.YankedReason,
            RequiresPython = info.String("requires_python") ?? fromFiles.RequiresPython,
            Dependencies = dependencies,
        };
    }

    // A release is yanked when all its files are (PEP 592); its date is its first upload.
    private static PackageRelease FromFiles(string version, IReadOnlyList<JsonElement> files)
    {
        var uploaded = files.Select(f => f.Date("upload_time_iso_8601") ?? f.Date("upload_time")).Where(d => d is not null).Min();
        var yanked = files.Count > 0 && files.All(f => f.Bool("yanked"));
        return new PackageRelease(
            version,
            uploaded,
            Pep440Version.TryParse(version, out var v) && v.IsPrerelease,
            yanked,
            yanked ? files.Select(f => f.String("yanked_reason")).FirstOrDefault(r => r is not null) : null,
            Deprecated: false,
            DeprecatedReason: null,
            RequiresPython: files.Select(f => f.String("requires_python")).FirstOrDefault(r => r is not null),
            RequiresNode: null,
            Dependencies: null);
    }

    // Versions PEP 440 cannot read (pre-2014 "legacy" ones) go first, by date.
    private static List<PackageRelease> Order(List<PackageRelease> releases) =>
        [.. releases
            .Select(r => (Release: r, Parsed: Pep440Version.TryParse(r.Version, out var v) ? v : null))
            .OrderBy(x => x.Parsed is not null)
            .ThenBy(x => x.Parsed)
            .ThenBy(x => x.Release.ReleasedAt)
            .Select(x => x.Release)];

    private static string RequirementName(string text)
    {
        try
        {
            return Pep508Requirement.Parse(text).Name;
        }
        catch (FormatException)
        {
            var end = text.IndexOfAny([' ', ';', '<', '>', '=', '!', '~', '[', '(', '@']);
            return PackageNames.NormalizePyPi(end < 0 ? text : text[..end]);
        }
    }

    internal static PackageLinks Links(JsonElement info)
    {
        var urls = info.Properties("project_urls")
            .Where(p => p.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.Value.GetString()))
            .Select(p => (Key: new string([.. p.Name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]), Url: p.Value.GetString()!))
            .ToList();
        string? Pick(params string[] keys) => keys.Select(k => urls.FirstOrDefault(u => u.Key == k).Url).FirstOrDefault(u => u is not null);
        return new PackageLinks(
            Pick("homepage", "home") ?? info.String("home_page"),
            Pick("documentation", "docs", "doc") ?? info.String("docs_url"),
            Pick("changelog", "changes", "releasenotes", "history", "whatsnew", "news"),
            Pick("source", "sourcecode", "repository", "code", "github", "repo"),
            Pick("tracker", "issues", "bugtracker", "issuetracker", "bugreports", "bugs"));
    }

    private static RegistryException Invalid(Uri registry, string name, string problem) =>
        new(RegistryErrorKind.InvalidResponse, Ecosystem.PyPi, registry.ToString(),
            $"PyPI at {registry} answered for '{name}', but {problem}. Is the base URL a PyPI JSON API (it serves /pypi/<name>/json)?");
}
