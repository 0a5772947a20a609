using System.Text.Json;
using System.Text.RegularExpressions;
using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Versions;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.PackageDocs.Registry;

/// <summary>The npm registry: <c>GET {base}/{name}</c> returns the packument, which already holds every version's metadata.</summary>
public sealed partial class NpmClient : IPackageRegistryClient
{
    private readonly RegistryHttp http;

    public NpmClient(HttpClient httpClient, RegistryClientOptions options, ILogger<NpmClient> logger, TimeProvider? time = null)
    {
        options.Validate();
        http = new RegistryHttp(httpClient, options, Ecosystem.Npm, logger, time ?? TimeProvider.System);
    }

    public Ecosystem Ecosystem => Ecosystem.Npm;

    /// <summary>The registry's base URL, as errors name it.</summary>
    public string Registry => http.BaseUrl.ToString();

    public async Task<PackageInfo> GetPackageAsync(string name, CancellationToken cancellationToken)
    {
        var valid = PackageNames.ValidateNpm(name, http.BaseUrl.ToString());
        using var doc = await http.GetJsonAsync(PackageNames.NpmPath(valid), $"npm package '{valid}'", cancellationToken);
        return ParsePackument(doc.RootElement, valid, http.BaseUrl);
    }

    public async Task<PackageRelease> GetReleaseAsync(string name, string version, CancellationToken cancellationToken)
    {
        var info = await GetPackageAsync(name, cancellationToken);
        return info.Find(version.Trim()) ?? throw new RegistryException(
            RegistryErrorKind.NotFound, Ecosystem.Npm, http.BaseUrl.ToString(),
            $"npm package '{name}' has no version {version} at {http.BaseUrl}; its latest is {info.Latest ?? "unknown"}.");
    }

    internal static PackageInfo ParsePackument(JsonElement root, string name, Uri registry)
    {
        if (root.Property("versions") is not { ValueKind: JsonValueKind.Object })
        {
            throw new RegistryException(
                RegistryErrorKind.InvalidResponse, Ecosystem.Npm, registry.ToString(),
                $"npm at {registry} answered for '{name}' without a 'versions' object. Is the base URL an npm registry (it serves /<name> packuments)?");
        }

        var times = root.Property("time");
        var releases = root.Properties("versions")
            .Select(v => ParseVersion(v.Name, v.Value, times?.Date(v.Name)))
            .Select(r => (Release: r, Parsed: SemVersion.TryParse(r.Version, out var s) ? s : null))
            .OrderBy(x => x.Parsed is not null)
            .ThenBy(x => x.Parsed)
            .Select(x => x.Release)
            .ToList();
        var latest = root.Property("dist-tags")?.String("latest");
        var latestManifest = latest is not null ? root.Property("versions")?.Property(latest) : null;
        return new PackageInfo(
            Ecosystem.Npm,
            root.String("name") ?? name,
            root.String("description") ?? latestManifest?.String("description"),
            latest,
            releases,
            Links(root, latestManifest));
    }

    private static PackageRelease ParseVersion(string version, JsonElement manifest, DateTimeOffset? published)
    {
        var optional = manifest.Properties("peerDependenciesMeta")
            .Where(p => p.Value.Bool("optional"))
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);
        var dependencies = Dependencies(manifest, "dependencies", _ => DependencyKind.Runtime)
            .Concat(Dependencies(manifest, "peerDependencies", n => optional.Contains(n) ? DependencyKind.OptionalPeer : DependencyKind.Peer))
            .ToList();
        var deprecated = manifest.Property("deprecated") switch
        {
            { ValueKind: JsonValueKind.String } d when !string.IsNullOrWhiteSpace(d.GetString()) => d.GetString(),
            { ValueKind: JsonValueKind.True } => "deprecated",
            _ => null,
        };
        return new PackageRelease(
            version,
            published,
            SemVersion.TryParse(version, out var v) && v.IsPrerelease,
            Yanked: false,
            YankedReason: null,
            deprecated is not null,
            deprecated,
            RequiresPython: null,
            RequiresNode: manifest.Property("engines")?.String("node"),
            Dependencies: dependencies);
    }

    private static IEnumerable<PackageDependency> Dependencies(JsonElement manifest, string field, Func<string, DependencyKind> kind) =>
        manifest.Properties(field)
            .Where(p => p.Value.ValueKind == JsonValueKind.String)
            .Select(p => new PackageDependency(p.Name, p.Value.GetString()!, kind(p.Name)));

    // npm has no documentation field: projects put their docs at "homepage". GitHub repositories have a releases page.
    internal static PackageLinks Links(JsonElement root, JsonElement? latest)
    {
        string? From(Func<JsonElement, string?> read) => read(root) ?? (latest is { } l ? read(l) : null);
        var homepage = From(e => e.String("homepage"));
        var repository = From(RepositoryUrl);
        var issues = From(e => e.Property("bugs") switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { } b => b.String("url"),
            _ => null,
        }) ?? (repository is not null && repository.StartsWith("https://github.com/", StringComparison.Ordinal) ? repository + "/issues" : null);
        var changelog = repository is not null && repository.StartsWith("https://github.com/", StringComparison.Ordinal) ? repository + "/releases" : null;
        return new PackageLinks(homepage, homepage, changelog, repository, issues);
    }

    private static string? RepositoryUrl(JsonElement e)
    {
        var raw = e.Property("repository") switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { } r => r.String("url"),
            _ => null,
        };
        if (raw is null)
        {
            return null;
        }

        // "github:vuejs/core" and the bare "vuejs/core" shorthand both mean GitHub.
        var shorthand = Shorthand().Match(raw);
        if (shorthand.Success)
        {
            return $"https://github.com/{shorthand.Groups[1].Value}";
        }

        var url = GitPrefix().Replace(raw, "");
        url = url.Replace("ssh://git@github.com/", "https://github.com/", StringComparison.Ordinal)
            .Replace("git@github.com:", "https://github.com/", StringComparison.Ordinal)
            .Replace("git://", "https://", StringComparison.Ordinal);
        return url.EndsWith(".git", StringComparison.Ordinal) ? url[..^4] : url;
    }

    [GeneratedRegex(@"^(?:github:)?([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shorthand();

    [GeneratedRegex(@"^git\+", RegexOptions.CultureInvariant)]
    private static partial Regex GitPrefix();
}
