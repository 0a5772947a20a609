using DynamoMcp.PackageDocs.Caching;

namespace DynamoMcp.PackageDocs.Answers;

/// <summary>
/// How current an answer is: when its registry data was fetched, and whether it is older than the refresh interval
/// (stale: served while a refresh runs, or because the registry cannot be reached).
/// </summary>
public sealed record AnswerFreshness(bool Stale, DateTimeOffset FetchedAt, double AgeSeconds, string? Note)
{
    public static AnswerFreshness Of<T>(CachedAnswer<T> cached) => new(
        cached.Stale,
        cached.FetchedAt,
        Math.Round(cached.Age.TotalSeconds, 1),
        cached.Stale ? $"Stale: fetched {Describe(cached.Age)} ago; a refresh is under way or the registry cannot be reached right now." : null);

    private static string Describe(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{age.TotalDays:0.#} days" : age.TotalHours >= 1 ? $"{age.TotalHours:0.#} hours" : $"{Math.Max(1, age.TotalMinutes):0} minutes";
}
