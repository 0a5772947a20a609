namespace DynamoMcp.PackageDocs.Answers;

/// <summary>
/// A package's versions, newest first: <see cref="Total"/> counts every published one, <see cref="Versions"/> holds the
/// first <see cref="Shown"/> of those asked for (pre-releases only when asked for).
/// </summary>
public sealed record VersionsAnswer(
    string Ecosystem,
    string Name,
    string? Summary,
    string? Latest,
    int Total,
    int Shown,
    IReadOnlyList<VersionEntry> Versions,
    AnswerFreshness Freshness);
