namespace DynamoMcp.PackageDocs.Answers;

/// <summary>One release in a history: when, and how many days after the release before it.</summary>
public sealed record HistoryEntry(string Version, DateTimeOffset? ReleasedAt, int? DaysSincePrevious, bool Prerelease, bool Withdrawn);
