namespace DynamoMcp.PackageDocs.Caching;

/// <summary>
/// What <see cref="IAnswerCache.GetOrRefreshAsync{T}"/> returns: the value, whether it is older than the refresh interval
/// (<see cref="Stale"/>: served while a refresh runs, or because the registry is down) and how old it is.
/// </summary>
public sealed record CachedAnswer<T>(T Value, bool Stale, TimeSpan Age, DateTimeOffset FetchedAt);
