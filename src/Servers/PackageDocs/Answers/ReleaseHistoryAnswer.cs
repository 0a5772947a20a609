namespace DynamoMcp.PackageDocs.Answers;

/// <summary>
/// How a package has been released: its series newest first, the most recent releases, the cadence (median days between
/// the last final releases, releases in the last 365 days) and where its changelog is.
/// </summary>
public sealed record ReleaseHistoryAnswer(
    string Ecosystem,
    string Name,
    string? Latest,
    DateTimeOffset? FirstReleasedAt,
    DateTimeOffset? LatestReleasedAt,
    int TotalReleases,
    int ReleasesLastYear,
    double? MedianDaysBetweenReleases,
    IReadOnlyList<ReleaseSeries> Series,
    IReadOnlyList<HistoryEntry> Recent,
    string? Changelog,
    AnswerFreshness Freshness);
