using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Compatibility;
using DynamoMcp.PackageDocs.Models;
using DynamoMcp.PackageDocs.Registry;
using DynamoMcp.PackageDocs.Versions;

namespace DynamoMcp.PackageDocs.Answers;

/// <summary>
/// The answers the MCP tools, the resources and the REST API give, all through the answer cache: a package document is
/// fetched once per refresh interval and every answer about it is computed from the cached copy; compatibility answers
/// (which may read many per-release documents) are cached whole, per query.
/// </summary>
public sealed class PackageDocsAnswers(PyPiClient pypi, NpmClient npm, IAnswerCache cache, CompatibilityFinder finder, TimeProvider time)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;
    public const int RecentShown = 10;

    public async Task<VersionsAnswer> GetVersionsAsync(Ecosystem ecosystem, string name, bool includePrereleases, int limit, CancellationToken cancellationToken)
    {
        var cached = await PackageAsync(ecosystem, name, cancellationToken).ConfigureAwait(false);
        var info = cached.Value;
        var wanted = Enumerable.Reverse(info.Releases).Where(r => includePrereleases || !r.IsPrerelease).ToList();
        var shown = wanted.Take(Limit(limit)).Select(VersionEntry.Of).ToList();
        return new VersionsAnswer(EcosystemNames.Of(ecosystem), info.Name, info.Summary, info.Latest, info.Releases.Count, shown.Count, shown, AnswerFreshness.Of(cached));
    }

    public async Task<ReleaseHistoryAnswer> GetReleaseHistoryAsync(Ecosystem ecosystem, string name, CancellationToken cancellationToken)
    {
        var cached = await PackageAsync(ecosystem, name, cancellationToken).ConfigureAwait(false);
        var info = cached.Value;
        var dated = info.Releases.Where(r => r.ReleasedAt is not null).OrderBy(r => r.ReleasedAt).ToList();
        var finals = dated.Where(r => !r.IsPrerelease && !r.Withdrawn).ToList();
        var recent = new List<HistoryEntry>();
        for (var i = dated.Count - 1; i >= 0 && recent.Count < RecentShown; i--)
        {
            int? gap = i > 0 ? (int)Math.Round((dated[i].ReleasedAt!.Value - dated[i - 1].ReleasedAt!.Value).TotalDays) : null;
            recent.Add(new HistoryEntry(dated[i].Version, dated[i].ReleasedAt, gap, dated[i].IsPrerelease, dated[i].Withdrawn));
        }

        var yearAgo = time.GetUtcNow().AddDays(-365);
        return new ReleaseHistoryAnswer(
            EcosystemNames.Of(ecosystem),
            info.Name,
            info.Latest,
            dated.FirstOrDefault()?.ReleasedAt,
            dated.LastOrDefault()?.ReleasedAt,
            info.Releases.Count,
            finals.Count(r => r.ReleasedAt >= yearAgo),
            MedianGapDays(finals.TakeLast(21).ToList()),
            Series(ecosystem, finals),
            recent,
            info.Links.Changelog,
            AnswerFreshness.Of(cached));
    }

    public async Task<LinksAnswer> GetLinksAsync(Ecosystem ecosystem, string name, CancellationToken cancellationToken)
    {
        var cached = await PackageAsync(ecosystem, name, cancellationToken).ConfigureAwait(false);
        var info = cached.Value;
        var page = ecosystem == Ecosystem.PyPi ? $"https://pypi.org/project/{info.Name}/" : $"https://www.npmjs.com/package/{info.Name}";
        var l = info.Links;
        return new LinksAnswer(EcosystemNames.Of(ecosystem), info.Name, info.Summary, l.Homepage, l.Documentation, l.Changelog, l.Repository, l.Issues, page, AnswerFreshness.Of(cached));
    }

    public async Task<CompatibleVersionsAnswer> FindCompatibleAsync(CompatibilityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var normalized = query with { Package = Normalize(query.Ecosystem, query.Package) };
        var with = string.Join(",", normalized.With.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}={w.Value}"));
        var key = $"{EcosystemNames.Of(query.Ecosystem)}:compatible:{normalized.Package}|{with}|py={query.Python}|node={query.Node}|pre={query.IncludePrereleases}|max={query.MaxCandidates}";
        var cached = await cache.GetOrRefreshAsync(key, ct => finder.FindAsync(normalized, ct), cancellationToken).ConfigureAwait(false);
        return new CompatibleVersionsAnswer(cached.Value, AnswerFreshness.Of(cached));
    }

    /// <summary>The package document through the cache, under its normalized name (<c>Django</c> and <c>django</c> share one entry).</summary>
    public Task<CachedAnswer<PackageInfo>> PackageAsync(Ecosystem ecosystem, string name, CancellationToken cancellationToken)
    {
        var normalized = Normalize(ecosystem, name);
        return cache.GetOrRefreshAsync(PackageKey(ecosystem, normalized), ct => FetchPackageAsync(ecosystem, normalized, ct), cancellationToken);
    }

    /// <summary>The package document from the registry itself, past the cache (what the cache and the warm-up fetch with).</summary>
    public Task<PackageInfo> FetchPackageAsync(Ecosystem ecosystem, string name, CancellationToken cancellationToken) =>
        ecosystem == Ecosystem.PyPi ? pypi.GetPackageAsync(name, cancellationToken) : npm.GetPackageAsync(name, cancellationToken);

    public static string PackageKey(Ecosystem ecosystem, string normalizedName) => $"{EcosystemNames.Of(ecosystem)}:package:{normalizedName}";

    private string Normalize(Ecosystem ecosystem, string name) => ecosystem == Ecosystem.PyPi
        ? PackageNames.ValidatePyPi(name, pypi.Registry)
        : PackageNames.ValidateNpm(name, npm.Registry);

    private static int Limit(int limit) => limit < 1 ? DefaultLimit : Math.Min(limit, MaxLimit);

    private static double? MedianGapDays(IReadOnlyList<PackageRelease> releases)
    {
        if (releases.Count < 2)
        {
            return null;
        }

        var gaps = releases.Zip(releases.Skip(1), (a, b) => (b.ReleasedAt!.Value - a.ReleasedAt!.Value).TotalDays).Order().ToList();
        var middle = gaps.Count / 2;
        return Math.Round(gaps.Count % 2 == 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2, 1);
    }

    private static List<ReleaseSeries> Series(Ecosystem ecosystem, IReadOnlyList<PackageRelease> finals) =>
        [.. finals
            .GroupBy(r => SeriesOf(ecosystem, r.Version))
            .Select(g => new ReleaseSeries(g.Key, g.First().Version, g.Last().Version, g.First().ReleasedAt, g.Last().ReleasedAt, g.Count()))
            .OrderByDescending(s => s.LatestReleasedAt)];

    private static string SeriesOf(Ecosystem ecosystem, string version)
    {
        if (ecosystem == Ecosystem.PyPi)
        {
            return Pep440Version.TryParse(version, out var v)
                ? string.Join('.', v.Release.Take(2).Concat(v.Release.Count < 2 ? [0] : []))
                : "other";
        }

        return SemVersion.TryParse(version, out var s) ? (s.Major == 0 ? $"0.{s.Minor}" : $"{s.Major}") : "other";
    }
}
